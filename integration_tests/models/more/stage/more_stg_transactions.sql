-- batch stage of transactions: hashing done here with plain DuckDB md5 (independent of gata.stage)
select unhex(md5(transaction_id)) as transaction_hk,
       unhex(md5(customer_id)) as customer_hk,
       amount, effective_from, load_datetime, 'test.transactions' as record_source
from {{ ref('more_transactions') }}
where batch = {{ var('batch') }}
