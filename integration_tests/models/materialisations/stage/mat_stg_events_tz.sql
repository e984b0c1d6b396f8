-- period scenario: load datetimes of type TIMESTAMP WITH TIME ZONE, written with several UTC offsets
{{ gata.stage(
    source_model='mat_events_tz',
    derived_columns={'RECORD_SOURCE': '!events'},
    hashed_columns={'CUSTOMER_HK': 'customer_id',
                    'CUSTOMER_HASHDIFF': {'is_hashdiff': true, 'columns': ['name']}}
) }}
