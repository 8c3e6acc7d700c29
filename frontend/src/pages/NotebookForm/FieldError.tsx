import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';

export function FieldError({ text, warning = false }: { text: string | undefined; warning?: boolean }) {
  if (!text) return null;
  return (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant={warning ? 'warning' : 'error'} data-testid={warning ? 'field-warning' : 'field-error'}>
          {text}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}
