export const load = () => fetch('http://127.0.0.1:9/generated');
