{{ config(materialized='incremental') }}
{{ gata.t_link(src_pk='transaction_hk', src_fk=['customer_hk', 'account_hk'], src_payload=['amount'],
               src_eff='effective_from', src_ldts='load_datetime', src_source='record_source',
               source_model='sem_stg_transactions') }}
