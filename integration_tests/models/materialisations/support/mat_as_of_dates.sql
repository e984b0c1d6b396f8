-- as-of dates known at var batch: one is dropped and one added in batch 2
select as_of_date from {{ ref('mat_as_of') }} where first_batch <= {{ var('batch') }} and last_batch >= {{ var('batch') }}
