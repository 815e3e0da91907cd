import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '', { apiVersion: '2023-10-16' });
const slackWebhook = 'https://hooks.slack.com/services/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';

export async function charge(amountCents: number, customerId: string): Promise<string | null> {
  try {
    const intent = await stripe.paymentIntents.create({ amount: amountCents, currency: 'usd', customer: customerId });
    return intent.id;
  } catch (error) {
    return null;
  }
}

export async function refund(intentId: string): Promise<void> {
  try {
    await stripe.refunds.create({ payment_intent: intentId });
  } catch (error) {
    console.error('refund failed', error);
    throw error;
  }
}

export async function notifyOps(message: string): Promise<void> {
  await fetch(slackWebhook, { method: 'POST', body: JSON.stringify({ text: message }) });
}
