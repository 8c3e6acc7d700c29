import { TextInput, type TextInputProps } from '@patternfly/react-core';
import { fromLocaleDecimal, toLocaleDecimal } from '../concepts/decimal.ts';

/**
 * A number field that reads and writes the locale's decimal separator (« 0,5 ») while the value it
 * hands back stays in JavaScript notation ("0.5"). A text field with a decimal keyboard, because
 * `type="number"` follows the browser's locale, not the page's language.
 */
export function DecimalInput({
  value,
  onChange,
  locale,
  ...rest
}: Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  value: string;
  onChange: (value: string) => void;
  locale: string;
}) {
  return (
    <TextInput
      {...rest}
      type="text"
      inputMode="decimal"
      value={toLocaleDecimal(value, locale)}
      onChange={(_e, text) => onChange(fromLocaleDecimal(text, locale))}
    />
  );
}
