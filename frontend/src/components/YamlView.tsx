import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';

// Colours from PatternFly tokens, so the gutter keeps WCAG AA contrast in both themes.
const theme = EditorView.theme({
  '&': {
    fontSize: 'var(--pf-t--global--font--size--sm)',
    backgroundColor: 'var(--pf-t--global--background--color--secondary--default)',
    maxHeight: '70vh',
  },
  '.cm-scroller': { fontFamily: 'var(--pf-t--global--font--family--mono)', overflow: 'auto' },
  '.cm-gutters': {
    backgroundColor: 'var(--pf-t--global--background--color--secondary--default)',
    color: 'var(--pf-t--global--text--color--subtle)',
    borderRight: '1px solid var(--pf-t--global--border--color--default)',
  },
});

/**
 * Read-only YAML with highlighting (CodeMirror 6). Loaded lazily: only the YAML tabs and the
 * PodDefault dialog import it, so the list page never downloads the editor.
 */
export default function YamlView({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          theme,
        ],
      }),
    });
    return () => view.destroy();
  }, [text, label]);
  return <div ref={host} className="jwa-yaml" data-testid={testId} />;
}
