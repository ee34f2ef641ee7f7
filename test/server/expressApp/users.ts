// Users: a router mounting posts.ts at a path with a param.
import express from 'express';
import { posts } from './posts';

export const users = express.Router();

users.get('/:id', (req, res) => {
  res.send(`user ${req.params.id}`);
});
users.use('/:id/posts', posts);
