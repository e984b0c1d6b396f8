-- the rows staged at the current step of tests/vault/test_sat_ledger.py (an environment variable, not a var:
-- dbt then re-parses only this file when it changes)
select customer_id, name, load_datetime from {{ ref('led_customers') }}
where list_contains(string_split(steps, ' '), '{{ env_var('GATA_IT_LED_STEP', '1') }}')
