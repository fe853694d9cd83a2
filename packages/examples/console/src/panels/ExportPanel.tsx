import type { ExportFormat, ExportRequest } from '@flotilla/cluster-core';
import { useFleetClient } from '@flotilla/cluster-react';
import { useState } from 'react';

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
];

const SOURCES = [
  {
    id: 'health',
    label: 'Fleet health',
    request: (format: ExportFormat): ExportRequest => ({ source: 'health', format }),
  },
  {
    id: 'pods',
    label: 'Pods in every cluster',
    request: (format: ExportFormat): ExportRequest => ({
      source: 'resources',
      query: { kind: 'pods' },
      format,
    }),
  },
  {
    id: 'deployments',
    label: 'Deployments in every cluster',
    request: (format: ExportFormat): ExportRequest => ({
      source: 'resources',
      query: { kind: 'deployments' },
      format,
    }),
  },
  {
    id: 'compare',
    label: 'Deployment distribution and version skew',
    request: (format: ExportFormat): ExportRequest => ({
      source: 'comparison',
      query: { kind: 'deployments' },
      format,
    }),
  },
] as const;

/** Downloads a report; every cluster has a section stating its status, and partial reports say so. */
export function ExportPanel() {
  const client = useFleetClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const download = async (id: string, request: ExportRequest) => {
    setBusy(id);
    setMessage(null);
    try {
      const file = await client.export(request);
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(
        `Downloaded ${file.filename}${file.partial ? ' (partial: some clusters did not answer)' : ''}`,
      );
    } catch (error) {
      setMessage(`Export failed: ${(error as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="console-export">
      <table className="console-export-table">
        <caption>Export a report</caption>
        <tbody>
          {SOURCES.map((source) => (
            <tr key={source.id}>
              <th scope="row">{source.label}</th>
              {FORMATS.map(({ format, label }) => (
                <td key={format}>
                  <button
                    type="button"
                    disabled={busy !== null}
                    aria-label={`${source.label} as ${label}`}
                    onClick={() => void download(`${source.id}-${format}`, source.request(format))}
                  >
                    {label}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="console-hint">
        {busy ? 'Preparing the report…' : message}
      </p>
    </div>
  );
}
