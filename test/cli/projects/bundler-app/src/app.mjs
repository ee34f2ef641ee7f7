import http from 'node:http';

export async function ping() {
  const response = await fetch('http://127.0.0.1:9/ping');
  return response.status;
}

export function legacy() {
  return http.get('http://127.0.0.1:9/legacy');
}
