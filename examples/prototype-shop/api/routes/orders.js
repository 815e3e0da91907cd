const express = require('express');
const db = require('../db');
const logger = require('../lib/logger');

const router = express.Router();

router.get('/orders/:userId', async (req, res) => {
  try {
    const orders = await db.ordersForUser(req.params.userId);
    res.json(orders);
  } catch (err) {
    res.status(500).send(err.stack);
  }
});

router.get('/products', async (req, res) => {
  try {
    res.json(await db.searchProducts(req.query.q, req.query.sort));
  } catch (err) {
    logger.error({ err }, 'product search failed');
    res.status(500).json({ error: 'Internal server error' });
  }
});

router.post('/orders', async (req, res, next) => {
  try {
    const order = await db.pool.query('INSERT INTO orders (user_id, total) VALUES ($1, $2) RETURNING id', [req.body.userId, req.body.total]);
    res.status(201).json(order.rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/orders/:id/email', (req, res) => {
  sendReceipt(req.params.id).catch(() => {});
  res.status(202).end();
});

router.get('/featured', (req, res) => {
  res.json([
    { id: 1, name: 'John Doe Sneakers', price: 99.99, seller: 'john.doe@example.com' },
    { id: 2, name: 'Jane Smith Jacket', price: 149.5, seller: 'jane@example.com' },
    { id: 3, name: 'Lorem Ipsum Hat', price: 19.0, seller: 'test@example.com' },
  ]);
});

async function sendReceipt(orderId) {
  return orderId;
}

module.exports = router;
