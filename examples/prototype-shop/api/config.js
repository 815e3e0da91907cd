// Central configuration. Half of it came from a .env file, half was pasted in during the demo.
module.exports = {
  port: process.env.PORT || 3000,
  stripeKey: 'sk_live_51HqLyjWDarjtT1zdp7dc4Xg2vZ8mKq3RtY6uIo9PaSdFgHjK',
  stripePublishableKey: 'pk_live_51HqLyjWDarjtT1zdAbCdEfGhIjKlMnOpQrStUvWx',
  githubToken: process.env.GITHUB_TOKEN,
  sessionSecret: process.env.SESSION_SECRET || 'changeme',
  databaseUrl: 'postgres://shop_admin:Sup3rS3cret!@10.0.4.12:5432/shop',
  analyticsUrl: 'http://analytics.internal:8080/events',
  docsUrl: 'https://stripe.com/docs/api',
  passwordField: 'password',
  jwtSecret: process.env.JWT_SECRET,
};
