// Structured logging for the API. pino is not installed yet, so this writes JSON to stdout.
function write(level, fields, message) {
  process.stdout.write(JSON.stringify({ level, time: Date.now(), msg: message, ...fields }) + '\n');
}

module.exports = {
  info: (fields, message) => write('info', fields, message),
  error: (fields, message) => write('error', fields, message),
};
