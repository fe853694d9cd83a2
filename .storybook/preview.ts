import type { Decorator, Preview } from '@storybook/react-vite';
import '../packages/cluster-react/src/styles.css';

/** Applies the chosen theme the way a console would: `data-flotilla-theme` on the root element. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals['theme'] === 'dark' ? 'dark' : 'light';
  document.documentElement.dataset['flotillaTheme'] = theme;
  document.body.style.background = theme === 'dark' ? '#0b1120' : '#ffffff';
  document.body.style.color = theme === 'dark' ? '#e5e7eb' : '#0f172a';
  return Story();
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Flotilla theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
