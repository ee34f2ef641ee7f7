// A router of its own module, mounted under a param by users.ts; it queries PostgreSQL.
import { Router } from 'express';
import { pool } from './db';

export const posts = Router({ mergeParams: true });

posts.get('/:postId', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT $1::int AS post', [req.params.postId]);
    res.json({ user: (req.params as Record<string, string>).id, post: rows[0].post });
  } catch (error) {
    next(error);
  }
});
