-- one batch of customers (env GATA_IT_BATCH, set by the test: unlike --vars, a changed env var re-parses only
-- the files that read it, not the whole project): what a delta load delivers
select customer_id, name, load_datetime from {{ ref('mat_customers') }} where batch = {{ env_var('GATA_IT_BATCH', '1') }}
