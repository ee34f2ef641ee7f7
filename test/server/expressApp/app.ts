// The application: routes, nested routers from other modules, a router mounted twice, a
// sub-app, handler arrays, error middleware (arity 4), 401/404/500, sync throws and (Express 5)
// async rejections.
import express, { type NextFunction, type Request, type Response } from 'express';
import { pool } from './db';
import { shared } from './shared';
import { users } from './users';

export const app = express();
app.set('env', 'express-test');
app.set('greeting', 'hello');

app.use(express.json());

app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT $1::int AS id', [req.params.id]);
  res.send(`top ${rows[0].id}`);
});
app.use('/api/users', users);
app.use('/a', shared);
app.use('/b/:tenant', shared);

const v1 = express();
v1.get('/status', (req, res) => {
  res.json({ region: req.params, base: req.baseUrl, greeting: v1.get('greeting') });
});
app.use('/v1/:region', v1);

function auth(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.authorization === 'yes') next();
  else res.status(401).send('unauthorized');
}
const load = (_req: Request, res: Response, next: NextFunction): void => {
  res.locals.loaded = true;
  next();
};
app.get('/arr/:id', [auth, load], (req: Request, res: Response) => {
  res.send(`arr ${req.params.id} ${String(res.locals.loaded)}`);
});
app.route('/chained/:id')
  .get((req, res) => {
    res.send(`chained get ${req.params.id}`);
  })
  .post((req, res) => {
    res.send(`chained post ${req.params.id}`);
  });

app.use('/private', auth, (_req, res) => {
  res.send('secret');
});
app.get('/boom/:id', () => {
  throw new Error('sync boom');
});
app.get('/async/:id', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  throw new Error('async boom');
});
app.get('/settings', (_req, res) => {
  res.send(`env ${app.get('env')}`);
});

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).send(`handled ${err.message}`);
});
