export async function status(): Promise<number> {
  const response = await fetch('http://127.0.0.1:9/status');
  return response.status;
}

export function offline(): string {
  const fetch = (url: string) => `cached ${url}`;
  return fetch('http://127.0.0.1:9/status');
}
