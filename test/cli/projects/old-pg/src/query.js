const { Client } = require('pg');

const client = new Client();
exports.count = () => client.query('select count(*) from users');
