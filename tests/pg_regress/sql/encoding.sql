-- Text input that is not UTF-8, in a database whose encoding lets any byte
-- in (SQL_ASCII): the input function of every type of the extension refuses
-- it with 22P02.
SELECT current_database() AS regression_database \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS customer_segments_sql_ascii;
RESET client_min_messages;
CREATE DATABASE customer_segments_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c customer_segments_sql_ascii
CREATE EXTENSION customer_segments;
CREATE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT t.oid::regtype AS type, error_of(format('SELECT %L::%s', E'5\xff5', t.oid::regtype)) AS error
FROM pg_type AS t
WHERE t.typnamespace = 'segments'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
ORDER BY t.typname COLLATE "C";
\c :regression_database
DROP DATABASE customer_segments_sql_ascii;
