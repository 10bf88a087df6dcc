// A dashboard page as HTML: its template (extending views/page.njk) with the view model, and the
// chrome for the LA the page is about (chosen by default when the address names none, so the
// navigation keeps it). Pages answer through table-response's answer(), which also serves CSV.
import { pageChrome } from './page-chrome';
import { currentResponse } from './page-context';
import { renderView } from './views';

/** What every page's model carries for views/page.njk. */
export interface PageModel {
  pageTitle: string;
  /** Small text above the h1: the LA. */
  caption?: string;
  /** The LA the page is about, kept in the navigation's links. */
  la?: string;
  /** Load Chart.js and the charts script. */
  charts?: boolean;
}

export function renderPage<M extends PageModel>(view: string, model: M): string {
  const req = currentResponse()?.req;
  const chrome = req ? pageChrome(req, { la: model.la }) : {};
  return renderView(view, { ...chrome, ...model });
}

/** "LA 805 Hartlepool": the caption of an LA's page. */
export const laCaption = (la: string, name: string | null): string => `LA ${la}${name ? ` ${name}` : ''}`;
