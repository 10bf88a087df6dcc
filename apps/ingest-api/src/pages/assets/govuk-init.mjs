// Starts GOV.UK Frontend's components (service navigation menu on phones, error summary focus,
// skip link, buttons). Loaded as a module: browsers GOV.UK Frontend does not support skip it.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
