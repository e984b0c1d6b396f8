select * exclude (batch) from {{ ref('raw_orders') }} where batch = {{ var('batch') }}
