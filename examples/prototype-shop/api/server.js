const express = require('express');
const errorhandler = require('errorhandler');
const orders = require('./routes/orders');
const config = require('./config');

const app = express();
app.use(express.json());
app.use('/api', orders);

app.get('/healthz', (req, res) => res.json({ status: 'ok' }));

app.use(errorhandler());

app.listen(config.port, '0.0.0.0', () => {
  console.log(`api listening on ${config.port}`);
});
