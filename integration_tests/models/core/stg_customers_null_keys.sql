-- null_columns and include_source_columns=false, read from a dbt source (dict form of source_model)
-- depends_on: {{ ref('raw_customers') }}
{{ gata.stage(
    include_source_columns=false,
    source_model={'core_seeds': 'raw_customers'},
    derived_columns={'RECORD_SOURCE': '!crm'},
    null_columns={'required': 'customer_id', 'optional': ['customer_name']},
    hashed_columns={'CUSTOMER_HK': 'customer_id'}
) }}
