-- as-of dates known at env GATA_IT_BATCH (set by the test): one is dropped and one added in batch 2
select as_of_date from {{ ref('mat_as_of') }} where first_batch <= {{ env_var('GATA_IT_BATCH', '1') }} and last_batch >= {{ env_var('GATA_IT_BATCH', '1') }}
