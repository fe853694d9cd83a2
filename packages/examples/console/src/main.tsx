import { connectFleet, WebStoragePreferenceStore } from '@flotilla/cluster-core';
import { FlotillaProvider } from '@flotilla/cluster-react';
import '@flotilla/cluster-react/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadDemoConfig, takeAccessToken } from './demo-config';
import './console.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

async function start(): Promise<void> {
  const token = takeAccessToken();
  if (!token) {
    root.render(
      <p role="alert" className="console-fatal">
        Open the address the demo printed in its terminal: it carries the access token (after{' '}
        <code>#token=</code>).
      </p>,
    );
    return;
  }
  const config = await loadDemoConfig();
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // The bridge token is not a cluster credential: it only admits this page to its own server.
  const client = connectFleet(`${protocol}//${location.host}${config.bridgePath}`, { token });
  const preferences = new WebStoragePreferenceStore(window.localStorage);
  root.render(
    <StrictMode>
      <FlotillaProvider client={client} preferences={preferences}>
        <App config={config} token={token} />
      </FlotillaProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <p role="alert" className="console-fatal">
      The console could not reach its server: {(error as Error).message}
    </p>,
  );
});
