import { refusalOf } from '../../../local/console/request-guard';

const PORT = 4100;

describe('which browser requests the console server accepts', () => {
  it.each([
    { rule: 'a read from the console page', method: 'GET', headers: { host: '127.0.0.1:4100', 'sec-fetch-site': 'same-origin' } },
    { rule: 'a read by a tool that sends no fetch metadata', method: 'GET', headers: { host: 'localhost:4100' } },
    { rule: 'a change from the console page', method: 'POST', headers: { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4100' } },
    { rule: 'a change from the console opened as localhost', method: 'DELETE', headers: { host: 'localhost:4100', origin: 'http://localhost:4100' } },
  ])('accepts $rule', ({ method, headers }) => {
    expect(refusalOf({ method, headers }, PORT)).toBeUndefined();
  });

  it.each([
    { rule: 'a host name of another site resolving to loopback (DNS rebinding)', method: 'GET', headers: { host: 'evil.example:4100' }, says: /answers only at 127\.0\.0\.1:4100/ },
    { rule: 'the right name on another port', method: 'GET', headers: { host: '127.0.0.1:4000' }, says: /host "127\.0\.0\.1:4000"/ },
    { rule: 'no host at all', method: 'GET', headers: {}, says: /host ""/ },
    { rule: 'a read another site started', method: 'GET', headers: { host: '127.0.0.1:4100', 'sec-fetch-site': 'cross-site' }, says: /other sites/ },
    { rule: 'a change posted by another site (CSRF)', method: 'POST', headers: { host: '127.0.0.1:4100', origin: 'https://evil.example' }, says: /origin "https:\/\/evil\.example"/ },
    { rule: 'a change without an origin', method: 'PUT', headers: { host: '127.0.0.1:4100' }, says: /origin "none"/ },
    { rule: 'a change from another local port', method: 'PATCH', headers: { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:3000' }, says: /origin "http:\/\/127\.0\.0\.1:3000"/ },
  ])('fails $rule', ({ method, headers, says }) => {
    expect(refusalOf({ method, headers }, PORT)).toMatch(says);
  });
});
