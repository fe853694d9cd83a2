import { manyRowsFleet, partialFleet } from '@flotilla/cluster-testkit/fixtures';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FleetResourceTable } from '../components/FleetResourceTable';
import { fleetRowKey } from '../core/table-rows';
import { fixtureFleet, renderWithFleet } from './render';

const pod = (name: string, namespace = 'default', restarts = 0) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, creationTimestamp: '2025-01-15T11:00:00Z' },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: restarts }] },
});

function threeClusters() {
  const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
  fleet.setResources('a', 'pods', [pod('api', 'web', 3), pod('db', 'data')]);
  fleet.setResources('b', 'pods', [pod('api', 'web', 1)]);
  fleet.failResources('c', 'pods', {
    kind: 'authz',
    status: 403,
    message: 'pods is forbidden: User "dev" cannot list pods',
  });
  return { fleet, clock };
}

const dataRows = () =>
  screen.getAllByRole('row').filter((row) => row.classList.contains('flotilla-table__row'));
/** `cluster/name` of each rendered item row; `offset` skips leading cells (the selection checkbox). */
const names = (offset = 0) =>
  dataRows().map(
    (row) =>
      `${row.dataset['clusterId']}/${row.querySelectorAll('[role="gridcell"]')[2 + offset]?.textContent}`,
  );

describe('FleetResourceTable', () => {
  it('shows the healthy clusters’ rows, the failed cluster’s error row and a partial marker', () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    // The view's order: cluster, namespace, name.
    expect(names()).toEqual(['a/db', 'a/api', 'b/api']);
    const errorRow = screen.getAllByRole('row').find((row) => row.dataset['status'] === 'error');
    expect(errorRow?.textContent).toContain('c');
    expect(errorRow?.textContent).toContain('failed: [c] pods is forbidden');
    const marker = screen.getByRole('status');
    expect(marker.textContent).toContain('Partial results:');
    expect(marker.textContent).toContain('c (error)');
    expect(screen.getByRole('grid').getAttribute('aria-describedby')).toBe(marker.id);
  });

  it('uses kubectl-like default columns and the cluster colour for pods', () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Cluster', 'Namespace', 'Name', 'Ready', 'Status', 'Restarts', 'Node', 'Age']);
    const first = dataRows()[1];
    const cells = [...(first?.querySelectorAll('[role="gridcell"]') ?? [])].map((cell) => cell.textContent);
    expect(cells).toEqual(['a', 'web', 'api', '1/1', 'Running', '3', 'node-1', '60m']);
    expect(first?.querySelector('.flotilla-table__swatch')?.getAttribute('style')).toContain('background');
  });

  it('sorts by a column, descending on the second click, and marks aria-sort', async () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Restarts' }));
    expect(names()).toEqual(['a/db', 'b/api', 'a/api']);
    expect(screen.getAllByRole('columnheader')[5]?.getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByRole('button', { name: 'Restarts' }));
    expect(names()).toEqual(['a/api', 'b/api', 'a/db']);
    expect(screen.getAllByRole('columnheader')[5]?.getAttribute('aria-sort')).toBe('descending');
  });

  it('filters by text in any column and counts what is shown', async () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    await userEvent.setup().type(screen.getByRole('searchbox', { name: 'Filter pods' }), 'data');
    expect(names()).toEqual(['a/db']);
    expect(document.querySelector('.flotilla-table__total')?.textContent).toBe('1 of 3 rows');
  });

  it('groups by cluster with the failed cluster’s error inside its own group', async () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'cluster');
    const kinds = screen
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.className.replace('flotilla-table__', ''));
    expect(kinds).toEqual(['group', 'row', 'row', 'group', 'row', 'group', 'status-row']);
    const groups = screen.getAllByRole('row').filter((row) => row.className === 'flotilla-table__group');
    expect(groups.map((g) => g.textContent)).toEqual(['a2 rows', 'b1 row', 'c0 rows']);
  });

  it('says why a stale cluster stopped updating: refused credentials are not a dropped watch', () => {
    const { fleet, clock } = threeClusters();
    fleet.setResourceStatus('a', 'pods', 'stale', { kind: 'auth', message: 'a: 401 Unauthorized' });
    fleet.setResourceStatus('b', 'pods', 'stale');
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet, clock });
    const statusRow = (cluster: string) =>
      screen
        .getAllByRole('row')
        .find(
          (row) =>
            row.classList.contains('flotilla-table__status-row') && row.textContent?.startsWith(cluster),
        );
    expect(statusRow('a')?.textContent).toContain('stale: credentials refused');
    expect(statusRow('a')?.textContent).toContain('a: 401 Unauthorized');
    expect(statusRow('a')?.textContent).not.toContain('watch dropped');
    expect(statusRow('b')?.textContent).toContain('stale: the watch dropped, reconnecting');
    expect(statusRow('b')?.textContent).toContain('Showing 1 last known row.');
  });

  it('gives the header and every row the same columns, the actions column included', () => {
    const { fleet, clock } = threeClusters();
    renderWithFleet(
      <FleetResourceTable
        query={{ kind: 'pods' }}
        rowActionsWidth="12rem"
        renderRowActions={(item) => (
          // Actions of different widths per row must not move that row's cells.
          <button type="button">{item.clusterName === 'a' ? 'Uncordon' : 'Go'}</button>
        )}
      />,
      { fleet, clock },
    );
    const [header, ...rows] = screen.getAllByRole('row');
    const template = (row: HTMLElement | undefined) => row?.style.gridTemplateColumns;
    expect(template(header)).toMatch(/ 12rem$/);
    const itemRows = rows.filter((row) => row.classList.contains('flotilla-table__row'));
    expect(itemRows.length).toBeGreaterThan(1);
    for (const row of itemRows) expect(template(row)).toBe(template(header));
  });

  it('selects rows by cluster-qualified keys and renders row actions that name their cluster', async () => {
    const { fleet, clock } = threeClusters();
    const onSelectionChange = vi.fn();
    renderWithFleet(
      <FleetResourceTable
        query={{ kind: 'pods' }}
        selectable
        onSelectionChange={onSelectionChange}
        renderRowActions={(item) => (
          <button
            type="button"
            onClick={() =>
              void fleet.actions.delete(
                item.clusterId,
                'pods',
                item.object.metadata.name,
                item.object.metadata.namespace,
              )
            }
          >
            Delete {item.object.metadata.name} in {item.clusterName}
          </button>
        )}
      />,
      { fleet, clock },
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select api in b' }));
    expect(onSelectionChange).toHaveBeenLastCalledWith([
      fleetRowKey({ clusterId: 'b', clusterName: 'b', kind: 'Pod', object: pod('api', 'web') }),
    ]);
    expect(dataRows().map((row) => row.getAttribute('aria-selected'))).toEqual(['false', 'false', 'true']);
    await user.click(screen.getByRole('button', { name: 'Delete api in b' }));
    expect(fleet.calls.to('actions.delete').map((call) => call.args)).toEqual([['b', 'pods', 'api', 'web']]);
    expect(names(1)).toEqual(['a/db', 'a/api']);
  });

  it('moves through rows with the keyboard and toggles selection with Space', async () => {
    const { fleet, clock } = threeClusters();
    const onRowActivate = vi.fn();
    renderWithFleet(
      <FleetResourceTable query={{ kind: 'pods' }} selectable onRowActivate={onRowActivate} />,
      { fleet, clock },
    );
    const grid = screen.getByRole('grid');
    const user = userEvent.setup();
    act(() => grid.focus());
    const active = () => document.getElementById(grid.getAttribute('aria-activedescendant') ?? '');
    expect(active()?.dataset['status']).toBe('error');
    await user.keyboard('{ArrowDown}');
    expect(active()?.textContent).toContain('db');
    await user.keyboard(' ');
    expect(active()?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{End}{Enter}');
    expect(onRowActivate).toHaveBeenCalledWith(expect.objectContaining({ clusterId: 'b' }));
  });

  it('says what is empty, distinguishing nothing from a failure', () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }] });
    renderWithFleet(<FleetResourceTable query={{ kind: 'deployments' }} />, { fleet, clock });
    expect(screen.getByRole('grid').textContent).toContain('No deployments in any cluster.');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('keeps 100 000 rows down to a window in the DOM', () => {
    const { fleet } = manyRowsFleet(100_000);
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} height={400} />, { fleet });
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    const rendered = within(grid).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
  });

  it('puts a failed cluster’s error above the rows of the others', () => {
    const { fleet } = partialFleet();
    renderWithFleet(<FleetResourceTable query={{ kind: 'pods' }} />, { fleet });
    // Ungrouped, the clusters that did not answer come first, before thousands of rows.
    const statusRow = screen.getAllByRole('row').find((row) => row.dataset['status'] === 'error');
    expect(statusRow?.textContent).toContain('staging');
    expect(statusRow?.textContent).toContain('forbidden');
  });
});
