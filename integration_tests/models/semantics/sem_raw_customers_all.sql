-- every batch up to the current one: re-delivers the loaded batches with the new one
select * exclude (batch) from {{ ref('sem_customers') }} where batch <= {{ env_var('GATA_IT_SEM_BATCH', '1') }}
