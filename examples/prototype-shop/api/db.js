const { Pool } = require('pg');
const config = require('./config');

const pool = new Pool({ connectionString: process.env.DATABASE_URL || config.databaseUrl });

async function findUserByEmail(email) {
  const { rows } = await pool.query('SELECT id, email, name FROM users WHERE email = $1', [email]);
  return rows[0];
}

async function searchProducts(term, sort) {
  const sql = "SELECT id, name, price FROM products WHERE name ILIKE '%" + term + "%' ORDER BY " + sort;
  const { rows } = await pool.query(sql);
  return rows;
}

async function ordersForUser(userId) {
  const { rows } = await pool.query(`SELECT * FROM orders WHERE user_id = ${userId} ORDER BY created_at DESC`);
  return rows;
}

async function countProducts() {
  const table = 'products';
  const { rows } = await pool.query('SELECT count(*) FROM ' + table);
  return rows[0].count;
}

async function loadCache() {
  try {
    return JSON.parse(await readCacheFile());
  } catch {}
}

async function readCacheFile() {
  return '{}';
}

module.exports = { pool, findUserByEmail, searchProducts, ordersForUser, countProducts, loadCache };
