-- the batch just loaded into the PIT's satellites: bounds what pit_incremental recomputes
select unhex(md5(customer_id)) as customer_hk, load_datetime from {{ ref('mat_pit_rows') }} where batch = {{ env_var('GATA_IT_BATCH', '1') }}
