// The page after signing out of this service, for someone who came through a provider that ends
// its own session too (views/signed-out.njk; the template escapes every value).
import { renderView } from '../../pages/views';

export interface SignedOutView {
  pageTitle: string;
  providerName: string;
  endSessionUrl: string;
  navigation: [];
  signedIn: false;
}

export function signedOutView(providerName: string, endSessionUrl: string): SignedOutView {
  return { pageTitle: 'You have signed out', providerName, endSessionUrl, navigation: [], signedIn: false };
}

export function signedOutPage(providerName: string, endSessionUrl: string): string {
  return renderView('signed-out', signedOutView(providerName, endSessionUrl));
}
