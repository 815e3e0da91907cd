// Deterministic synthetic workspaces for the speed benchmark: the same seed gives the same bytes
// on every machine. A tier of N lines holds N/8 lines of each supported language, split into
// ~250-line files under <tier>/<language>/… . The code is the shape of a small web service
// (repositories with SQL, handlers, configuration, error handling, plain computation); a few
// percent of the blocks carry a real smell so the rules have something to report, and many more
// are the look-alikes a precise rule must leave alone (parameterized SQL, env lookups,
// placeholders, log-and-rethrow).
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const GENERATOR_VERSION = 3;
export const LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'go', 'csharp', 'php', 'ruby'];
const EXT = { javascript: 'js', typescript: 'ts', python: 'py', java: 'java', go: 'go', csharp: 'cs', php: 'php', ruby: 'rb' };
const LINES_PER_FILE = 250;
const FILES_PER_FOLDER = 40;

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const NOUNS = ['order', 'customer', 'invoice', 'product', 'account', 'session', 'payment', 'shipment', 'cart', 'review',
  'ticket', 'coupon', 'warehouse', 'supplier', 'refund', 'address', 'subscription', 'report', 'category', 'discount'];
const VERBS = ['load', 'find', 'update', 'archive', 'sync', 'compute', 'validate', 'render', 'export', 'merge'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const snake = (...parts) => parts.join('_');
const camel = (first, ...rest) => first + rest.map(cap).join('');
const randomString = (r, alphabet, n) => Array.from({ length: n }, () => alphabet[r.int(alphabet.length)]).join('');

/** A fresh set of names for one block. */
function names(r, serial) {
  const noun = r.pick(NOUNS);
  const other = r.pick(NOUNS.filter((n) => n !== noun));
  const verb = r.pick(VERBS);
  return { noun, other, verb, n: serial, table: `${noun}s`, Noun: cap(noun), Other: cap(other), Verb: cap(verb), k: r.int(90) + 10 };
}

/** The smell mix: rare real smells, frequent look-alikes. */
function kind(r) {
  const x = r.next();
  if (x < 0.32) return 'compute';
  if (x < 0.48) return 'sql';
  if (x < 0.62) return 'errors';
  if (x < 0.74) return 'config';
  if (x < 0.88) return 'handler';
  return 'data';
}
const SMELL_RATE = 0.06;
const secretLike = (r) => r.chance(0.5) ? `sk_live_${randomString(r, ALNUM, 24)}` : `AKIA${randomString(r, UPPER, 16)}`;

// ---------------------------------------------------------------- JavaScript / TypeScript
function ecmaBlock(r, s, ts) {
  const { noun, other, verb, table, Noun, Other, Verb, k } = names(r, s);
  const fn = camel(verb, noun, String(s));
  const t = (typed, plain = '') => (ts ? typed : plain);
  const smell = r.chance(SMELL_RATE);
  switch (kind(r)) {
    case 'compute':
      return [
        `/** Totals for ${noun} rows, grouped by ${other}. */`,
        `export function ${fn}(rows${t(`: ${Noun}Row[]`)}, limit${t(': number')} = ${k})${t(`: Map<string, number>`)} {`,
        `  const totals = new Map${t('<string, number>')}();`,
        `  for (const row of rows.slice(0, limit)) {`,
        `    const key = \`\${row.${other}Id}:\${row.status}\`;`,
        `    const previous = totals.get(key) ?? 0;`,
        `    if (row.amount > ${k * 10}) {`,
        `      totals.set(key, previous + Math.round(row.amount * 0.${k}));`,
        `    } else if (row.amount < 0) {`,
        `      totals.set(key, previous - Math.abs(row.amount));`,
        `    } else {`,
        `      totals.set(key, previous + row.amount);`,
        `    }`,
        `  }`,
        `  return totals;`,
        `}`,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `export async function ${fn}(db${t(': Db')}, ${noun}Id${t(': string')}) {`,
            `  const sql = "SELECT * FROM ${table} WHERE id = '" + ${noun}Id + "'";`,
            `  const result = await db.query(sql);`,
            `  return result.rows;`,
            `}`,
            ``,
          ]
        : [
            `export async function ${fn}(db${t(': Db')}, ${noun}Id${t(': string')}, status${t(': string')} = 'open') {`,
            `  const result = await db.query(`,
            `    'SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = $1 AND status = $2 LIMIT ${k}',`,
            `    [${noun}Id, status],`,
            `  );`,
            `  return result.rows.map((row${t(`: ${Noun}Row`)}) => ({ ...row, label: \`${Noun} \${row.id}\` }));`,
            `}`,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `export async function ${fn}(client${t(`: ${Other}Client`)}, id${t(': string')}) {`,
            `  try {`,
            `    await client.${verb}(id);`,
            `  } catch (err) {}`,
            `}`,
            ``,
          ]
        : [
            `export async function ${fn}(client${t(`: ${Other}Client`)}, id${t(': string')}) {`,
            `  try {`,
            `    return await client.${verb}(id, { retries: ${k % 5} });`,
            `  } catch (err) {`,
            `    logger.error({ err, id }, 'could not ${verb} ${noun}');`,
            `    throw err;`,
            `  }`,
            `}`,
            ``,
          ];
    case 'config':
      return [
        `export const ${noun}Config${s} = {`,
        `  apiKey: process.env.${noun.toUpperCase()}_API_KEY ?? '',`,
        `  endpoint: process.env.${noun.toUpperCase()}_URL || 'https://api.example.com/${noun}',`,
        smell ? `  secret: '${secretLike(r)}',` : `  secret: process.env.${noun.toUpperCase()}_SECRET,`,
        `  placeholderToken: 'your-api-key',`,
        `  timeoutMs: ${k * 100},`,
        `};`,
        ``,
      ];
    case 'handler':
      return [
        `export function ${fn}Handler(service${t(`: ${Noun}Service`)}) {`,
        `  return async (req${t(': Request')}, res${t(': Response')}) => {`,
        `    try {`,
        `      const item = await service.${verb}(req.params.id);`,
        `      if (!item) return res.status(404).json({ error: '${noun} not found' });`,
        `      res.json(item);`,
        `    } catch (err) {`,
        `      logger.error(err);`,
        smell ? `      res.status(500).json({ error: err.message, stack: err.stack });` : `      res.status(500).json({ error: 'internal error' });`,
        `    }`,
        `  };`,
        `}`,
        ``,
      ];
    default:
      return [
        `export const ${noun}Statuses${s} = [`,
        ...Array.from({ length: 4 }, (_, i) => `  { code: '${noun.slice(0, 3).toUpperCase()}${i}', label: '${Verb} ${i}', weight: ${(k + i) % 7} },`),
        `];`,
        ``,
      ];
  }
}

function ecmaFile(r, index, lines, ts) {
  const out = [
    `// ${ts ? 'TypeScript' : 'JavaScript'} module ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    ts ? `import type { Request, Response } from 'express';` : `'use strict';`,
    `import { logger } from '../logger${ts ? '' : '.js'}';`,
    ``,
  ];
  if (ts) out.push(`interface Db { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>; }`, ``);
  let s = 0;
  while (out.length < lines) out.push(...ecmaBlock(r, s++, ts));
  return out;
}

// ---------------------------------------------------------------- Python
function pythonBlock(r, s) {
  const { noun, other, verb, table, Noun, k } = names(r, s);
  const fn = snake(verb, noun, String(s));
  const smell = r.chance(SMELL_RATE);
  switch (kind(r)) {
    case 'compute':
      return [
        `def ${fn}(rows, limit=${k}):`,
        `    """Totals for ${noun} rows, grouped by ${other}."""`,
        `    totals = {}`,
        `    for row in rows[:limit]:`,
        `        key = f"{row['${other}_id']}:{row['status']}"`,
        `        previous = totals.get(key, 0)`,
        `        if row["amount"] > ${k * 10}:`,
        `            totals[key] = previous + round(row["amount"] * 0.${k})`,
        `        elif row["amount"] < 0:`,
        `            totals[key] = previous - abs(row["amount"])`,
        `        else:`,
        `            totals[key] = previous + row["amount"]`,
        `    return totals`,
        ``,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `def ${fn}(cursor, ${noun}_id):`,
            `    cursor.execute("SELECT * FROM ${table} WHERE id = '" + ${noun}_id + "'")`,
            `    return cursor.fetchall()`,
            ``,
            ``,
          ]
        : [
            `def ${fn}(cursor, ${noun}_id, status="open"):`,
            `    cursor.execute(`,
            `        "SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = %s AND status = %s LIMIT ${k}",`,
            `        (${noun}_id, status),`,
            `    )`,
            `    return [dict(row, label=f"${Noun} {row['id']}") for row in cursor.fetchall()]`,
            ``,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `def ${fn}(client, item_id):`,
            `    try:`,
            `        client.${verb}(item_id)`,
            `    except Exception:`,
            `        pass`,
            ``,
            ``,
          ]
        : [
            `def ${fn}(client, item_id):`,
            `    try:`,
            `        return client.${verb}(item_id, retries=${k % 5})`,
            `    except ConnectionError:`,
            `        logger.exception("could not ${verb} ${noun} %s", item_id)`,
            `        raise`,
            ``,
            ``,
          ];
    case 'config':
      return [
        `${noun.toUpperCase()}_CONFIG_${s} = {`,
        `    "api_key": os.environ.get("${noun.toUpperCase()}_API_KEY", ""),`,
        `    "endpoint": os.getenv("${noun.toUpperCase()}_URL", "https://api.example.com/${noun}"),`,
        smell ? `    "secret": "${secretLike(r)}",` : `    "secret": os.environ["${noun.toUpperCase()}_SECRET"],`,
        `    "placeholder_token": "your-api-key",`,
        `    "timeout_ms": ${k * 100},`,
        `}`,
        ``,
        ``,
      ];
    case 'handler':
      return [
        `@app.route("/${table}/<item_id>")`,
        `def ${fn}_view(item_id):`,
        `    try:`,
        `        item = service.${verb}(item_id)`,
        `        if item is None:`,
        `            return jsonify(error="${noun} not found"), 404`,
        `        return jsonify(item)`,
        `    except Exception as exc:`,
        `        logger.exception("${verb} failed")`,
        smell ? `        return jsonify(error=str(exc), trace=traceback.format_exc()), 500` : `        return jsonify(error="internal error"), 500`,
        ``,
        ``,
      ];
    default:
      return [
        `${noun.toUpperCase()}_STATUSES_${s} = [`,
        ...Array.from({ length: 4 }, (_, i) => `    {"code": "${noun.slice(0, 3).toUpperCase()}${i}", "label": "${cap(verb)} ${i}", "weight": ${(k + i) % 7}},`),
        `]`,
        ``,
        ``,
      ];
  }
}

function pythonFile(r, index, lines) {
  const out = [
    `"""Python module ${index} of the synthetic shop service (ProdReady benchmark corpus)."""`,
    `import logging`,
    `import os`,
    `import traceback`,
    ``,
    `from flask import Flask, jsonify`,
    ``,
    `logger = logging.getLogger(__name__)`,
    `app = Flask(__name__)`,
    `service = None`,
    ``,
    ``,
  ];
  let s = 0;
  while (out.length < lines) out.push(...pythonBlock(r, s++));
  return out;
}

// ---------------------------------------------------------------- Java / C#
function curlyClassBlock(r, s, lang) {
  const { noun, other, verb, table, Noun, k } = names(r, s);
  const cs = lang === 'csharp';
  const m = cs ? cap(camel(verb, noun)) + s : camel(verb, noun) + s;
  const str = cs ? 'string' : 'String';
  const list = cs ? 'List' : 'List';
  const smell = r.chance(SMELL_RATE);
  const I = '    ';
  switch (kind(r)) {
    case 'compute':
      return [
        `${I}/** Totals for ${noun} rows, grouped by ${other}. */`,
        `${I}public ${cs ? 'Dictionary<string, long>' : 'Map<String, Long>'} ${m}(${list}<${Noun}Row> rows, int limit) {`,
        `${I}    var totals = new ${cs ? 'Dictionary<string, long>' : 'HashMap<String, Long>'}();`,
        `${I}    int seen = 0;`,
        `${I}    ${cs ? 'foreach (var row in rows)' : 'for (var row : rows)'} {`,
        `${I}        if (seen++ >= limit) break;`,
        `${I}        ${str} key = row.${cs ? 'OtherId' : 'otherId()'} + ":" + row.${cs ? 'Status' : 'status()'};`,
        `${I}        long previous = ${cs ? 'totals.GetValueOrDefault(key, 0L)' : 'totals.getOrDefault(key, 0L)'};`,
        `${I}        long amount = row.${cs ? 'Amount' : 'amount()'};`,
        `${I}        if (amount > ${k * 10}) {`,
        `${I}            totals${cs ? '[key] = ' : '.put(key, '}previous + Math.${cs ? 'Round' : 'round'}(amount * 0.${k})${cs ? '' : ')'};`,
        `${I}        } else {`,
        `${I}            totals${cs ? '[key] = ' : '.put(key, '}previous + amount${cs ? '' : ')'};`,
        `${I}        }`,
        `${I}    }`,
        `${I}    return totals;`,
        `${I}}`,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `${I}public ${cs ? 'DbDataReader' : 'ResultSet'} ${m}(${cs ? 'DbConnection' : 'Connection'} connection, ${str} ${noun}Id) ${cs ? '' : 'throws SQLException '}{`,
            cs ? `${I}    var command = connection.CreateCommand();` : `${I}    Statement statement = connection.createStatement();`,
            cs ? `${I}    command.CommandText = "SELECT * FROM ${table} WHERE id = '" + ${noun}Id + "'";` : `${I}    return statement.executeQuery("SELECT * FROM ${table} WHERE id = '" + ${noun}Id + "'");`,
            ...(cs ? [`${I}    return command.ExecuteReader();`] : []),
            `${I}}`,
            ``,
          ]
        : [
            `${I}public ${cs ? 'DbDataReader' : 'ResultSet'} ${m}(${cs ? 'DbConnection' : 'Connection'} connection, ${str} ${noun}Id) ${cs ? '' : 'throws SQLException '}{`,
            cs ? `${I}    var command = connection.CreateCommand();` : `${I}    PreparedStatement statement = connection.prepareStatement(`,
            cs
              ? `${I}    command.CommandText = "SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = @id LIMIT ${k}";`
              : `${I}        "SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = ? LIMIT ${k}");`,
            cs ? `${I}    command.Parameters.Add(new SqlParameter("@id", ${noun}Id));` : `${I}    statement.setString(1, ${noun}Id);`,
            cs ? `${I}    return command.ExecuteReader();` : `${I}    return statement.executeQuery();`,
            `${I}}`,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `${I}public void ${m}(${Noun}Client client, ${str} id) {`,
            `${I}    try {`,
            `${I}        client.${cs ? cap(verb) : verb}(id);`,
            `${I}    } catch (${cs ? 'Exception' : 'Exception e'}) {`,
            `${I}    }`,
            `${I}}`,
            ``,
          ]
        : [
            `${I}public void ${m}(${Noun}Client client, ${str} id) {`,
            `${I}    try {`,
            `${I}        client.${cs ? cap(verb) : verb}(id, ${k % 5});`,
            `${I}    } catch (${cs ? 'IOException e' : 'IOException e'}) {`,
            cs ? `${I}        _logger.LogError(e, "could not ${verb} ${noun} {Id}", id);` : `${I}        log.error("could not ${verb} ${noun} {}", id, e);`,
            `${I}        throw${cs ? '' : ' new UncheckedIOException(e)'};`,
            `${I}    }`,
            `${I}}`,
            ``,
          ];
    case 'config':
      return [
        `${I}private static readonly${cs ? '' : ''} ${str} ${noun.toUpperCase()}_URL_${s} = ${cs ? 'Environment.GetEnvironmentVariable' : 'System.getenv'}("${noun.toUpperCase()}_URL");`,
        `${I}private static readonly ${str} ${noun.toUpperCase()}_PLACEHOLDER_${s} = "your-api-key";`,
        smell
          ? `${I}private static readonly ${str} ${noun.toUpperCase()}_API_KEY_${s} = "${secretLike(r)}";`
          : `${I}private static readonly ${str} ${noun.toUpperCase()}_API_KEY_${s} = ${cs ? 'Environment.GetEnvironmentVariable' : 'System.getenv'}("${noun.toUpperCase()}_API_KEY");`,
        `${I}private static readonly int ${noun.toUpperCase()}_TIMEOUT_${s} = ${k * 100};`,
        ``,
      ].map((line) => (cs ? line : line.replace('static readonly', 'static final')));
    case 'handler':
      return cs
        ? [
            `${I}[HttpGet("${table}/{id}")]`,
            `${I}public async Task<IActionResult> ${m}(string id) {`,
            `${I}    try {`,
            `${I}        var item = await _service.${cap(verb)}Async(id);`,
            `${I}        if (item == null) return NotFound(new { error = "${noun} not found" });`,
            `${I}        return Ok(item);`,
            `${I}    } catch (Exception ex) {`,
            `${I}        _logger.LogError(ex, "${verb} failed");`,
            smell ? `${I}        return StatusCode(500, new { error = ex.Message, stack = ex.StackTrace });` : `${I}        return StatusCode(500, new { error = "internal error" });`,
            `${I}    }`,
            `${I}}`,
            ``,
          ]
        : [
            `${I}@GetMapping("/${table}/{id}")`,
            `${I}public ResponseEntity<?> ${m}(@PathVariable String id) {`,
            `${I}    try {`,
            `${I}        var item = service.${verb}(id);`,
            `${I}        if (item == null) return ResponseEntity.status(404).body(Map.of("error", "${noun} not found"));`,
            `${I}        return ResponseEntity.ok(item);`,
            `${I}    } catch (Exception e) {`,
            `${I}        log.error("${verb} failed", e);`,
            smell ? `${I}        return ResponseEntity.status(500).body(Map.of("error", e.getMessage(), "trace", Arrays.toString(e.getStackTrace())));` : `${I}        return ResponseEntity.status(500).body(Map.of("error", "internal error"));`,
            `${I}    }`,
            `${I}}`,
            ``,
          ];
    default:
      return [
        `${I}private static readonly ${str}[] ${noun.toUpperCase()}_CODES_${s} = {`,
        ...Array.from({ length: 4 }, (_, i) => `${I}    "${noun.slice(0, 3).toUpperCase()}${i}-${(k + i) % 7}",`),
        `${I}};`,
        ``,
      ].map((line) => (cs ? line : line.replace('static readonly', 'static final')));
  }
}

function javaFile(r, index, lines, pkg) {
  const cls = `${cap(r.pick(NOUNS))}Module${index}`;
  const out = [
    `// Java class ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    `package com.example.shop.${pkg};`,
    ``,
    `import java.io.IOException;`,
    `import java.io.UncheckedIOException;`,
    `import java.sql.*;`,
    `import java.util.*;`,
    `import org.springframework.http.ResponseEntity;`,
    `import org.springframework.web.bind.annotation.*;`,
    ``,
    `@RestController`,
    `public class ${cls} {`,
    `    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(${cls}.class);`,
    `    private final Object service = null;`,
    ``,
  ];
  let s = 0;
  while (out.length < lines - 1) out.push(...curlyClassBlock(r, s++, 'java'));
  out.push('}');
  return out;
}

function csharpFile(r, index, lines, pkg) {
  const cls = `${cap(r.pick(NOUNS))}Module${index}`;
  const out = [
    `// C# class ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    `using System;`,
    `using System.Collections.Generic;`,
    `using System.Data.Common;`,
    `using System.IO;`,
    `using System.Threading.Tasks;`,
    `using Microsoft.AspNetCore.Mvc;`,
    `using Microsoft.Data.SqlClient;`,
    `using Microsoft.Extensions.Logging;`,
    ``,
    `namespace Example.Shop.${cap(pkg)}`,
    `{`,
    `public class ${cls} : ControllerBase {`,
    `    private readonly ILogger<${cls}> _logger;`,
    `    private readonly dynamic _service;`,
    ``,
  ];
  let s = 0;
  while (out.length < lines - 2) out.push(...curlyClassBlock(r, s++, 'csharp'));
  out.push('}', '}');
  return out;
}

// ---------------------------------------------------------------- Go
function goBlock(r, s) {
  const { noun, other, verb, table, Noun, k } = names(r, s);
  const fn = cap(camel(verb, noun)) + s;
  const smell = r.chance(SMELL_RATE);
  switch (kind(r)) {
    case 'compute':
      return [
        `// ${fn} totals ${noun} rows, grouped by ${other}.`,
        `func ${fn}(rows []${Noun}Row, limit int) map[string]int64 {`,
        `\ttotals := make(map[string]int64)`,
        `\tfor i, row := range rows {`,
        `\t\tif i >= limit {`,
        `\t\t\tbreak`,
        `\t\t}`,
        `\t\tkey := fmt.Sprintf("%s:%s", row.OtherID, row.Status)`,
        `\t\tif row.Amount > ${k * 10} {`,
        `\t\t\ttotals[key] += int64(float64(row.Amount) * 0.${k})`,
        `\t\t} else {`,
        `\t\t\ttotals[key] += row.Amount`,
        `\t\t}`,
        `\t}`,
        `\treturn totals`,
        `}`,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `func ${fn}(db *sql.DB, ${noun}ID string) (*sql.Rows, error) {`,
            `\treturn db.Query("SELECT * FROM ${table} WHERE id = '" + ${noun}ID + "'")`,
            `}`,
            ``,
          ]
        : [
            `func ${fn}(ctx context.Context, db *sql.DB, ${noun}ID string) (*sql.Rows, error) {`,
            `\treturn db.QueryContext(ctx,`,
            `\t\t"SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = $1 LIMIT ${k}",`,
            `\t\t${noun}ID)`,
            `}`,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `func ${fn}(client *${Noun}Client, id string) {`,
            `\t_ = client.${cap(verb)}(id)`,
            `}`,
            ``,
          ]
        : [
            `func ${fn}(client *${Noun}Client, id string) error {`,
            `\tif err := client.${cap(verb)}(id); err != nil {`,
            `\t\tlog.Printf("could not ${verb} ${noun} %s: %v", id, err)`,
            `\t\treturn fmt.Errorf("${verb} ${noun} %s: %w", id, err)`,
            `\t}`,
            `\treturn nil`,
            `}`,
            ``,
          ];
    case 'config':
      return [
        `var ${noun}Config${s} = Config{`,
        `\tAPIKey:      os.Getenv("${noun.toUpperCase()}_API_KEY"),`,
        `\tEndpoint:    os.Getenv("${noun.toUpperCase()}_URL"),`,
        smell ? `\tSecret:      "${secretLike(r)}",` : `\tSecret:      os.Getenv("${noun.toUpperCase()}_SECRET"),`,
        `\tPlaceholder: "your-api-key",`,
        `\tTimeoutMs:   ${k * 100},`,
        `}`,
        ``,
      ];
    case 'handler':
      return [
        `func ${fn}Handler(w http.ResponseWriter, r *http.Request) {`,
        `\titem, err := service.${cap(verb)}(r.URL.Query().Get("id"))`,
        `\tif err != nil {`,
        `\t\tlog.Printf("${verb} failed: %v", err)`,
        smell ? `\t\thttp.Error(w, err.Error()+"\\n"+string(debug.Stack()), http.StatusInternalServerError)` : `\t\thttp.Error(w, "internal error", http.StatusInternalServerError)`,
        `\t\treturn`,
        `\t}`,
        `\tjson.NewEncoder(w).Encode(item)`,
        `}`,
        ``,
      ];
    default:
      return [
        `var ${noun}Codes${s} = []string{`,
        ...Array.from({ length: 4 }, (_, i) => `\t"${noun.slice(0, 3).toUpperCase()}${i}-${(k + i) % 7}",`),
        `}`,
        ``,
      ];
  }
}

function goFile(r, index, lines, pkg) {
  const out = [
    `// Go file ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    `package ${pkg}`,
    ``,
    `import (`,
    `\t"context"`,
    `\t"database/sql"`,
    `\t"encoding/json"`,
    `\t"fmt"`,
    `\t"log"`,
    `\t"net/http"`,
    `\t"os"`,
    `\t"runtime/debug"`,
    `)`,
    ``,
  ];
  let s = 0;
  while (out.length < lines) out.push(...goBlock(r, s++));
  return out;
}

// ---------------------------------------------------------------- PHP
function phpBlock(r, s) {
  const { noun, other, verb, table, Noun, k } = names(r, s);
  const m = camel(verb, noun) + s;
  const smell = r.chance(SMELL_RATE);
  const I = '    ';
  switch (kind(r)) {
    case 'compute':
      return [
        `${I}/** Totals for ${noun} rows, grouped by ${other}. */`,
        `${I}public function ${m}(array $rows, int $limit = ${k}): array`,
        `${I}{`,
        `${I}    $totals = [];`,
        `${I}    foreach (array_slice($rows, 0, $limit) as $row) {`,
        `${I}        $key = $row['${other}_id'] . ':' . $row['status'];`,
        `${I}        $previous = $totals[$key] ?? 0;`,
        `${I}        if ($row['amount'] > ${k * 10}) {`,
        `${I}            $totals[$key] = $previous + round($row['amount'] * 0.${k});`,
        `${I}        } else {`,
        `${I}            $totals[$key] = $previous + $row['amount'];`,
        `${I}        }`,
        `${I}    }`,
        `${I}    return $totals;`,
        `${I}}`,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `${I}public function ${m}(PDO $pdo, string $${noun}Id): array`,
            `${I}{`,
            `${I}    return $pdo->query("SELECT * FROM ${table} WHERE id = '" . $${noun}Id . "'")->fetchAll();`,
            `${I}}`,
            ``,
          ]
        : [
            `${I}public function ${m}(PDO $pdo, string $${noun}Id): array`,
            `${I}{`,
            `${I}    $statement = $pdo->prepare('SELECT id, ${other}_id, status, amount FROM ${table} WHERE id = ? LIMIT ${k}');`,
            `${I}    $statement->execute([$${noun}Id]);`,
            `${I}    return $statement->fetchAll();`,
            `${I}}`,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `${I}public function ${m}($client, string $id): void`,
            `${I}{`,
            `${I}    try {`,
            `${I}        $client->${verb}($id);`,
            `${I}    } catch (\\Exception $e) {`,
            `${I}    }`,
            `${I}}`,
            ``,
          ]
        : [
            `${I}public function ${m}($client, string $id): void`,
            `${I}{`,
            `${I}    try {`,
            `${I}        $client->${verb}($id, ${k % 5});`,
            `${I}    } catch (\\RuntimeException $e) {`,
            `${I}        $this->logger->error('could not ${verb} ${noun}', ['id' => $id, 'exception' => $e]);`,
            `${I}        throw $e;`,
            `${I}    }`,
            `${I}}`,
            ``,
          ];
    case 'config':
      return [
        `${I}private const ${noun.toUpperCase()}_PLACEHOLDER_${s} = 'your-api-key';`,
        smell ? `${I}private const ${noun.toUpperCase()}_API_KEY_${s} = '${secretLike(r)}';` : `${I}private const ${noun.toUpperCase()}_ENV_${s} = '${noun.toUpperCase()}_API_KEY';`,
        `${I}private const ${noun.toUpperCase()}_TIMEOUT_${s} = ${k * 100};`,
        ``,
      ];
    case 'handler':
      return [
        `${I}public function ${m}Action(string $id): JsonResponse`,
        `${I}{`,
        `${I}    try {`,
        `${I}        $item = $this->service->${verb}($id);`,
        `${I}        if ($item === null) {`,
        `${I}            return new JsonResponse(['error' => '${noun} not found'], 404);`,
        `${I}        }`,
        `${I}        return new JsonResponse($item);`,
        `${I}    } catch (\\Throwable $e) {`,
        `${I}        $this->logger->error('${verb} failed', ['exception' => $e]);`,
        smell ? `${I}        return new JsonResponse(['error' => $e->getMessage(), 'trace' => $e->getTraceAsString()], 500);` : `${I}        return new JsonResponse(['error' => 'internal error'], 500);`,
        `${I}    }`,
        `${I}}`,
        ``,
      ];
    default:
      return [
        `${I}private const ${noun.toUpperCase()}_CODES_${s} = [`,
        ...Array.from({ length: 4 }, (_, i) => `${I}    '${noun.slice(0, 3).toUpperCase()}${i}' => ${(k + i) % 7},`),
        `${I}];`,
        ``,
      ];
  }
}

function phpFile(r, index, lines, pkg) {
  const cls = `${cap(r.pick(NOUNS))}Module${index}`;
  const out = [
    `<?php`,
    `// PHP class ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    `declare(strict_types=1);`,
    ``,
    `namespace App\\${cap(pkg)};`,
    ``,
    `use PDO;`,
    `use Symfony\\Component\\HttpFoundation\\JsonResponse;`,
    ``,
    `final class ${cls}`,
    `{`,
    `    public function __construct(private $service, private $logger) {}`,
    ``,
  ];
  let s = 0;
  while (out.length < lines - 1) out.push(...phpBlock(r, s++));
  out.push('}');
  return out;
}

// ---------------------------------------------------------------- Ruby
function rubyBlock(r, s) {
  const { noun, other, verb, table, Noun, k } = names(r, s);
  const m = snake(verb, noun, String(s));
  const smell = r.chance(SMELL_RATE);
  const I = '    ';
  switch (kind(r)) {
    case 'compute':
      return [
        `${I}# Totals for ${noun} rows, grouped by ${other}.`,
        `${I}def ${m}(rows, limit = ${k})`,
        `${I}  totals = Hash.new(0)`,
        `${I}  rows.first(limit).each do |row|`,
        `${I}    key = "#{row[:${other}_id]}:#{row[:status]}"`,
        `${I}    if row[:amount] > ${k * 10}`,
        `${I}      totals[key] += (row[:amount] * 0.${k}).round`,
        `${I}    else`,
        `${I}      totals[key] += row[:amount]`,
        `${I}    end`,
        `${I}  end`,
        `${I}  totals`,
        `${I}end`,
        ``,
      ];
    case 'sql':
      return smell
        ? [
            `${I}def ${m}(${noun}_id)`,
            `${I}  ActiveRecord::Base.connection.execute("SELECT * FROM ${table} WHERE id = '" + ${noun}_id + "'")`,
            `${I}end`,
            ``,
          ]
        : [
            `${I}def ${m}(${noun}_id, status = "open")`,
            `${I}  ${Noun}.where("id = ? AND status = ?", ${noun}_id, status).limit(${k}).map do |row|`,
            `${I}    row.attributes.merge(label: "${Noun} #{row.id}")`,
            `${I}  end`,
            `${I}end`,
            ``,
          ];
    case 'errors':
      return smell
        ? [
            `${I}def ${m}(client, id)`,
            `${I}  client.${verb}(id)`,
            `${I}rescue StandardError`,
            `${I}end`,
            ``,
          ]
        : [
            `${I}def ${m}(client, id)`,
            `${I}  client.${verb}(id, retries: ${k % 5})`,
            `${I}rescue IOError => e`,
            `${I}  Rails.logger.error("could not ${verb} ${noun} #{id}: #{e.message}")`,
            `${I}  raise`,
            `${I}end`,
            ``,
          ];
    case 'config':
      return [
        `${I}${noun.toUpperCase()}_URL_${s} = ENV.fetch("${noun.toUpperCase()}_URL", "https://api.example.com/${noun}")`,
        `${I}${noun.toUpperCase()}_PLACEHOLDER_${s} = "your-api-key"`,
        smell ? `${I}${noun.toUpperCase()}_API_KEY_${s} = "${secretLike(r)}"` : `${I}${noun.toUpperCase()}_API_KEY_${s} = ENV["${noun.toUpperCase()}_API_KEY"]`,
        `${I}${noun.toUpperCase()}_TIMEOUT_${s} = ${k * 100}`,
        ``,
      ];
    case 'handler':
      return [
        `${I}def ${m}_show`,
        `${I}  item = @service.${verb}(params[:id])`,
        `${I}  return render(json: { error: "${noun} not found" }, status: :not_found) if item.nil?`,
        `${I}  render json: item`,
        `${I}rescue StandardError => e`,
        `${I}  Rails.logger.error(e)`,
        smell ? `${I}  render json: { error: e.message, backtrace: e.backtrace }, status: 500` : `${I}  render json: { error: "internal error" }, status: 500`,
        `${I}end`,
        ``,
      ];
    default:
      return [
        `${I}${noun.toUpperCase()}_CODES_${s} = {`,
        ...Array.from({ length: 4 }, (_, i) => `${I}  "${noun.slice(0, 3).toUpperCase()}${i}" => ${(k + i) % 7},`),
        `${I}}.freeze`,
        ``,
      ];
  }
}

function rubyFile(r, index, lines, pkg) {
  const cls = `${cap(r.pick(NOUNS))}Module${index}`;
  const out = [
    `# frozen_string_literal: true`,
    `# Ruby class ${index} of the synthetic shop service (ProdReady benchmark corpus).`,
    ``,
    `module ${cap(pkg)}`,
    `  class ${cls} < ApplicationController`,
  ];
  let s = 0;
  while (out.length < lines - 2) out.push(...rubyBlock(r, s++));
  out.push('  end', 'end');
  return out;
}

// ---------------------------------------------------------------- workspace
const FILE_MAKERS = {
  javascript: (r, i, n) => ecmaFile(r, i, n, false),
  typescript: (r, i, n) => ecmaFile(r, i, n, true),
  python: (r, i, n) => pythonFile(r, i, n),
  java: javaFile,
  go: goFile,
  csharp: csharpFile,
  php: phpFile,
  ruby: rubyFile,
};

function fileName(language, folder, index) {
  const base = `${NOUNS[index % NOUNS.length]}_${String(index).padStart(4, '0')}`;
  switch (language) {
    case 'java': return `src/main/java/com/example/shop/${folder}/${cap(NOUNS[index % NOUNS.length])}Module${index}.java`;
    case 'csharp': return `src/${cap(folder)}/${cap(NOUNS[index % NOUNS.length])}Module${index}.cs`;
    case 'php': return `app/${cap(folder)}/${cap(NOUNS[index % NOUNS.length])}Module${index}.php`;
    case 'ruby': return `app/${folder}/${base}.rb`;
    case 'go': return `internal/${folder}/${base}.go`;
    case 'python': return `app/${folder}/${base}.py`;
    default: return `src/${folder}/${base}.${EXT[language]}`;
  }
}

/** Lines of one language at a tier. */
export function linesPerLanguage(tierLines) {
  return Math.round(tierLines / LANGUAGES.length);
}

/**
 * Writes (once; skipped when the marker `<dir>.meta.json` says it is there already) `<dir>/<language>/…` with
 * `tierLines` lines in all. Returns per-language { files, lines, bytes }.
 */
export function generateWorkspace(dir, tierLines, seed = 20240601) {
  const marker = `${dir}.meta.json`; // beside the folder: no tool should read it
  const want = { version: GENERATOR_VERSION, tierLines, seed };
  if (existsSync(marker)) {
    const have = JSON.parse(readFileSync(marker, 'utf8'));
    if (have.version === want.version && have.tierLines === tierLines && have.seed === seed) return have.languages;
  }
  rmSync(dir, { recursive: true, force: true });
  const languages = {};
  const perLanguage = linesPerLanguage(tierLines);
  LANGUAGES.forEach((language, li) => {
    const r = rng(seed + li * 7919 + tierLines);
    let lines = 0;
    let bytes = 0;
    let files = 0;
    while (lines < perLanguage) {
      const folder = `${NOUNS[Math.floor(files / FILES_PER_FOLDER) % NOUNS.length]}${Math.floor(files / (FILES_PER_FOLDER * NOUNS.length)) || ''}`;
      const target = Math.min(LINES_PER_FILE, Math.max(40, perLanguage - lines));
      const text = `${FILE_MAKERS[language](r, files, target, folder).join('\n')}\n`;
      const file = path.join(dir, language, fileName(language, folder, files));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      lines += text.split('\n').length - 1;
      bytes += Buffer.byteLength(text);
      files++;
    }
    languages[language] = { files, lines, bytes };
  });
  writeFileSync(marker, JSON.stringify({ ...want, languages }, null, 2));
  return languages;
}

/** One file of about `lines` lines, for the in-editor latency measurement. */
export function generateFile(language, lines, seed = 7) {
  const r = rng(seed);
  return `${FILE_MAKERS[language](r, 1, lines, 'orders').join('\n')}\n`;
}

export { EXT as EXTENSIONS };
