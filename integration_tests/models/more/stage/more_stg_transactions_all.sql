-- every batch at once: source of the one-shot and by-period loads
select unhex(md5(transaction_id)) as transaction_hk,
       unhex(md5(customer_id)) as customer_hk,
       amount, effective_from, load_datetime, 'test.transactions' as record_source
from {{ ref('more_transactions') }}
