// One router that app.ts mounts twice.
import { Router } from 'express';

export const shared = Router();

shared.get('/items/:n', (req, res) => {
  res.send(`item ${req.params.n} under ${req.baseUrl}`);
});
