-- the batch the current scenario step loads (var batch, set by the pytest driver)
select * exclude (batch) from {{ ref('raw_customers') }} where batch = {{ var('batch') }}
