import { Page, PageSection, Title } from '@patternfly/react-core';

export function App() {
  return (
    <Page>
      <PageSection>
        <Title headingLevel="h1">Notebooks</Title>
      </PageSection>
    </Page>
  );
}
