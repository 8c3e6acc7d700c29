import { describe, expect, it } from 'vitest';
import {
  activityTracked,
  availableServerTypes,
  serverTypeEnabled,
  serverTypeIcon,
  serverTypeName,
} from './server-types.ts';
import { mockStatcanConfig, mockUpstreamConfig } from './spawner-config.mock.ts';

describe('server types', () => {
  it('offers one tile per configured image group', () => {
    expect(availableServerTypes(mockStatcanConfig())).toEqual(['jupyter', 'group-one', 'group-three']);
    expect(availableServerTypes(mockUpstreamConfig())).toEqual(['jupyter', 'group-one', 'group-two']);
  });
  it('names types from serverTypeNames by language, else the defaults', () => {
    const config = mockStatcanConfig({ serverTypeNames: { 'group-one': { en: 'RStudio', fr: 'RStudio (fr)' } } });
    expect(serverTypeName('group-one', config, 'fr')).toBe('RStudio (fr)');
    expect(serverTypeName('group-one', undefined, 'fr')).toBe('VS Code');
    expect(serverTypeName('', undefined, 'en')).toBe('JupyterLab');
  });
  it('gates by namespace labels', () => {
    const group = mockStatcanConfig().imageGroupThree;
    expect(serverTypeEnabled(group, { 'state.aaw.statcan.gc.ca/exists-non-sas-notebook-user': 'false' })).toBe(true);
    expect(serverTypeEnabled(group, { 'state.aaw.statcan.gc.ca/exists-non-sas-notebook-user': 'true' })).toBe(false);
    expect(serverTypeEnabled(group, undefined)).toBe(false);
    expect(serverTypeEnabled(mockStatcanConfig().image, undefined)).toBe(true);
  });
  it('points at the overridable logo files', () => {
    expect(serverTypeIcon('jupyter')).toBe('static/assets/logos/jupyter-icon.svg');
    expect(serverTypeIcon('sas')).toBe('static/assets/logos/group-three-icon.svg');
    expect(activityTracked('group-one')).toBe(false);
    expect(activityTracked('jupyter')).toBe(true);
  });
});
