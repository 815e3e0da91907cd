"""Storefront: the Flask app that renders the shop and proxies the API."""
import os
import sqlite3
import traceback

import psycopg2
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "f3b9c1e07a4d2b8e6c5a9f0d1e2b3c4a"

INVENTORY_URL = "http://192.168.1.40:8081/inventory"
API_BASE = os.environ.get("API_BASE", "http://localhost:3000")
OPENAI_API_KEY = "sk-proj-Xq7vT2mL9pR4sW8zK3nB6cY1hJ5dF0gA"
SUPPORT_EMAIL_PASSWORD_LABEL = "password"


def get_db():
    return psycopg2.connect(host="db.internal", dbname="shop", user="shop", password="hunter2-prod-2024")


def local_cache():
    return sqlite3.connect("cache.db")


@app.route("/health")
def health():
    return jsonify(status="ok")


@app.route("/products/<category>")
def products(category):
    db = get_db()
    cur = db.cursor()
    cur.execute(f"SELECT id, name, price FROM products WHERE category = '{category}'")
    return jsonify(cur.fetchall())


@app.route("/products/search")
def search():
    cur = get_db().cursor()
    cur.execute("SELECT id, name FROM products WHERE name ILIKE %s", ("%" + request.args["q"] + "%",))
    return jsonify(cur.fetchall())


@app.route("/cart/<int:cart_id>")
def cart(cart_id):
    try:
        cache = local_cache()
        query = "SELECT item, qty FROM cart WHERE cart_id = {}".format(cart_id)
        rows = cache.execute(query).fetchall()
        return jsonify(rows)
    except Exception:
        return jsonify(error=traceback.format_exc()), 500


@app.route("/stock/<sku>")
def stock(sku):
    try:
        return jsonify(requests.get(f"{INVENTORY_URL}/{sku}", timeout=2).json())
    except requests.Timeout:
        return jsonify(error="inventory is slow, try again"), 503
    except Exception as exc:
        app.logger.exception("stock lookup failed")
        return jsonify(error="internal error"), 500


def parse_quantity(raw):
    try:
        return int(raw)
    except ValueError:
        return 1


def warm_cache():
    try:
        requests.get(f"{API_BASE}/api/featured", timeout=1)
    except:
        pass


@app.route("/recommendations")
def recommendations():
    return jsonify([
        {"name": "John Doe", "email": "john@example.com", "product": "Sneakers"},
        {"name": "Jane Doe", "email": "jane@example.com", "product": "Jacket"},
    ])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
