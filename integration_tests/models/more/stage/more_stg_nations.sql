select nation_code, nation_name, region, load_datetime, 'test.nations' as record_source
from {{ ref('more_nations') }}
where batch = {{ var('batch') }}
