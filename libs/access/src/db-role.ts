/**
 * The database role HTTP requests run as. It owns nothing, so PostgreSQL's row-level security
 * applies to it: each table with la_code shows and accepts only rows of the LAs in the
 * transaction's `app.la_codes` setting ('*' for administrators). Created by the access-control
 * migration; the owner role (migrations, worker, CLI) bypasses row security.
 */
export const APP_DB_ROLE = 'send_app';

/** The setting the row-security policies read (comma-separated LA codes, or '*'). */
export const LA_SETTING = 'app.la_codes';
