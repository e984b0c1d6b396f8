{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='day',
          start_date='2024-01-01', stop_date='2024-01-04', tags=['more_period']) }}
{{ gata.t_link(src_pk='transaction_hk', src_fk=['customer_hk'], src_payload=['amount'],
               src_eff='effective_from', src_ldts='load_datetime', src_source='record_source',
               source_model='more_stg_transactions_all') }}
