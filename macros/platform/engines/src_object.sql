{#- src_object: the source shim of one tenant object. Reads gata_objects/gata_fields at execution and
    turns the dlt raw table(s) into platform columns (docs/ARCHITECTURE.md, "gata_fields"), plus
    dlt_load_id and _dlt_id for staging. Raw columns the registry does not name are ignored; a mapped
    column dlt never created (no load had a value for it) is a typed NULL, except dlt's bookkeeping
    columns and merge-key columns, which stay required (onboarding phase 3 warns about the NULLs).
    A nested table dlt has not created yet (gata.optional_raw_tables: a child object's own table, a
    child_* field's child_table) is read as empty, decided here at execution, so the next build after
    the load that creates it reads its rows without onboarding again. -#}
{% macro src_object(tenant, connector, object) -%}
    {%- do gata._engine_check_slug(tenant) -%}
    {%- do gata._engine_check_ident(connector, 'connector') -%}
    {%- do gata._engine_check_ident(object, 'object') -%}
    {%- if not execute -%}
        {#- The shell's depends_on lines declare the sources; the registry is read only at execution. -#}
        {{- return('select 1 as _gata_parse_placeholder') -}}
    {%- endif -%}
    {%- set where = "tenant '" ~ tenant ~ "', connector '" ~ connector ~ "', object '" ~ object ~ "'" -%}
    {%- set source_name = gata.raw_schema_name(tenant, connector) -%}
    {%- set obj = gata._engine_object(connector, object, tenant) -%}
    {%- set main = source(source_name, obj['raw_table']) -%}
    {%- set fields = gata._engine_fields(connector, object) -%}
    {%- set optional = gata.optional_raw_tables(obj, fields) -%}
    {%- set tables = {'obj': gata._engine_raw_columns(main, where, source_name, obj['raw_table'], optional=obj['raw_table'] in optional)} -%}
    {%- set parent = none -%}
    {%- set parent_obj = {} -%}
    {%- if obj['parent_object'] -%}
        {%- set parent_obj = gata._engine_object(connector, obj['parent_object'], tenant) -%}
        {%- set parent_table = parent_obj['raw_table'] -%}
        {%- set parent = source(source_name, parent_table) -%}
        {%- do tables.update({'parent': gata._engine_raw_columns(parent, where, source_name, parent_table)}) -%}
        {%- if tables['obj'] -%}{%- do gata._engine_require_column(tables['obj'], '_dlt_parent_id', where, main) -%}{%- endif -%}
    {%- endif -%}
    {%- if not fields -%}
        {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": no columns in seeds/registry/gata_fields.csv") }}
    {%- endif -%}
    {#- child tables: one aggregated subquery per table, aliased child_<n> in first-seen order -#}
    {%- set child_tables = fields | selectattr('source', 'in', ['child_sum', 'child_max'])
                                  | map(attribute='child_table') | unique | list -%}
    {%- set child_cols = {} -%}
    {%- for table in child_tables -%}
        {%- do child_cols.update({table: gata._engine_raw_columns(source(source_name, table), where, source_name, table, optional=table in optional)}) -%}
    {%- endfor -%}
    {#- the object's own nested table not created yet: no rows, every column typed -#}
    {%- set unloaded = not tables['obj'] -%}
    {%- set selects = [] -%}
    {%- for f in fields -%}
        {%- set col = gata._engine_check_ident(f['column'], 'column') -%}
        {%- set dtype = gata._engine_check_type(f['data_type'], where ~ ", column '" ~ col ~ "'") -%}
        {%- if unloaded -%}
            {%- do selects.append('cast(null as ' ~ dtype ~ ') as ' ~ col) -%}
        {%- elif f['source'] == 'constant' -%}
            {%- do selects.append('cast(' ~ gata.sql_str(f['expression']) ~ ' as ' ~ dtype ~ ') as ' ~ col) -%}
        {%- elif f['source'] in ['column', 'parent'] -%}
            {%- set alias = 'obj' if f['source'] == 'column' else 'parent' -%}
            {%- if alias not in tables -%}
                {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": column '" ~ col ~ "' has source 'parent' but the object has no parent_object") }}
            {%- endif -%}
            {%- set read = gata._engine_field_raw_columns(f, obj, parent_obj)[0] -%}
            {%- set raw_type = gata._engine_mapped_column(tables[alias], read, where, main if alias == 'obj' else parent) -%}
            {%- if raw_type is none -%}
                {%- do selects.append('cast(null as ' ~ dtype ~ ') as ' ~ col) -%}
            {%- else -%}
                {%- do selects.append(gata._engine_null_if(gata._engine_cast(alias ~ '.' ~ adapter.quote(f['expression']), dtype, f['format'], raw_type), f, dtype) ~ ' as ' ~ col) -%}
            {%- endif -%}
        {%- elif f['source'] == 'columns' -%}
            {#- several raw columns of the object's own table made into one value by `format` -#}
            {%- set parts = [] -%}
            {%- for read in gata._engine_field_raw_columns(f, obj, parent_obj) -%}
                {%- set raw_type = gata._engine_mapped_column(tables['obj'], read, where, main) -%}
                {%- do parts.append('null' if raw_type is none else 'obj.' ~ adapter.quote(read['column'])) -%}
            {%- endfor -%}
            {%- do selects.append(gata._engine_null_if(gata._engine_combine(parts, dtype, f['format'], where ~ ", column '" ~ col ~ "'"), f, dtype) ~ ' as ' ~ col) -%}
        {%- elif f['source'] in ['child_sum', 'child_max'] -%}
            {#- a child table not created yet has no rows: no join, the aggregate of nothing -#}
            {%- set value = ('child_' ~ child_tables.index(f['child_table']) ~ '.' ~ col) if child_cols[f['child_table']] else 'null' -%}
            {#- a sum over no matching child rows is 0; cast back, since sum() widens the type -#}
            {%- do selects.append('cast(' ~ (('coalesce(' ~ value ~ ', 0)') if f['source'] == 'child_sum' else value) ~ ' as ' ~ dtype ~ ') as ' ~ col) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": column '" ~ col ~ "' has unknown source '" ~ f['source'] ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if unloaded -%}
        {%- set bookkeeping = ['cast(null as varchar) as dlt_load_id', 'cast(null as varchar) as _dlt_id'] -%}
    {%- else -%}
        {#- child tables carry no _dlt_load_id of their own: take the parent's -#}
        {%- set load_alias = 'parent' if parent is not none else 'obj' -%}
        {%- do gata._engine_require_column(tables[load_alias], '_dlt_load_id', where, main if load_alias == 'obj' else parent) -%}
        {%- do gata._engine_require_column(tables['obj'], '_dlt_id', where, main) -%}
        {%- set bookkeeping = [load_alias ~ '._dlt_load_id as dlt_load_id', 'obj._dlt_id'] -%}
    {%- endif %}
select
    {{ (selects + bookkeeping) | join(',\n    ') }}
{%- if unloaded %}
where 1 = 0
{%- else %}
from {{ main }} as obj
{%- if parent is not none %}
left join {{ parent }} as parent
    on obj._dlt_parent_id = parent._dlt_id
{%- endif %}
{%- for table in child_tables if child_cols[table] %}
{%- set child = source(source_name, table) %}
left join (
    select
        _dlt_parent_id,
        {%- for f in fields if f['child_table'] == table and f['source'] in ['child_sum', 'child_max'] %}
        {%- set reads = gata._engine_field_raw_columns(f, obj, parent_obj) %}
        {#- no child_key: every child row counts (WooCommerce's refunds) #}
        {%- set has_key = not f['child_key'] or gata._engine_mapped_column(child_cols[table], reads[1], where, child) is not none %}
        {%- set raw_type = gata._engine_mapped_column(child_cols[table], reads[0], where, child) %}
        {%- if raw_type is none or not has_key %}
        {#- no such raw column: no child row matches (child_sum still gives 0 outside) #}
        cast(null as {{ f['data_type'] }}) as {{ f['column'] }}{{ ',' if not loop.last }}
        {%- else %}
        {{ 'sum' if f['source'] == 'child_sum' else 'max' }}(case when {{ (adapter.quote(f['child_key']) ~ ' = ' ~ gata.sql_str(f['child_key_value'])) if f['child_key'] else 'true' }}
            then {{ gata._engine_cast(adapter.quote(f['expression']), f['data_type'], f['format'], raw_type) }} end) as {{ f['column'] }}{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from {{ child }}
    group by _dlt_parent_id
) as child_{{ child_tables.index(table) }}
    on child_{{ child_tables.index(table) }}._dlt_parent_id = obj._dlt_id
{%- endfor %}
{%- endif %}
{% endmacro %}

{#- Columns of a raw relation: {lower-case name: lower-case data type}; a missing table is an error
    (dlt has not loaded it: ingestion not run, or the object is not in the tenant's load), except an
    `optional` one (a nested table dlt creates with its first row, gata.optional_raw_tables): {}.
    In a dbt unit test source() is a CTE over the fixture rows, which dbt casts to the real raw
    table's column types: introspect that table (schema = source name, docs/ARCHITECTURE.md). -#}
{% macro _engine_raw_columns(relation, where, source_name, table, optional=false) -%}
    {%- set cols = {} -%}
    {%- set introspected = api.Relation.create(database=target.database, schema=source_name, identifier=table)
                           if relation.is_cte else relation -%}
    {%- for c in adapter.get_columns_in_relation(introspected) -%}
        {%- do cols.update({c.name | lower: c.dtype | lower}) -%}
    {%- endfor -%}
    {%- if not cols and not optional -%}
        {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": raw table " ~ relation ~ " does not exist (run ingestion/load.py for this tenant?)") }}
    {%- endif -%}
    {{- return(cols) -}}
{%- endmacro %}

{#- The raw data type of a column the registry needs, or a compile error naming who needs it. -#}
{% macro _engine_require_column(columns, name, where, relation) -%}
    {%- if (name | lower) not in columns -%}
        {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": raw column '" ~ name ~ "' is missing from " ~ relation ~ " (seeds/registry/gata_fields.csv expects it; available: " ~ (columns.keys() | sort | join(', ')) ~ ")") }}
    {%- endif -%}
    {{- return(columns[name | lower]) -}}
{%- endmacro %}

{#- The raw columns one registry field reads: [{table, column, required}] (child fields: the value
    column, then the child key; `columns` fields: each '|'-separated column of the object's table). Only merge-key columns are required: a missing one would merge every
    record into one; any other mapped column dlt never created is read as a typed NULL. -#}
{% macro _engine_field_raw_columns(field, obj, parent_obj) -%}
    {%- if field['source'] in ['child_sum', 'child_max'] -%}
        {{- return([{'table': field['child_table'], 'column': field['expression'], 'required': false}]
                   + ([{'table': field['child_table'], 'column': field['child_key'], 'required': false}] if field['child_key'] else [])) -}}
    {%- endif -%}
    {%- if field['source'] == 'columns' -%}
        {%- set reads = [] -%}
        {%- for c in field['expression'].split('|') -%}
            {%- do reads.append({'table': obj['raw_table'], 'column': c, 'required': c in obj['merge_key'].split('|')}) -%}
        {%- endfor -%}
        {{- return(reads) -}}
    {%- endif -%}
    {%- set owner = parent_obj if field['source'] == 'parent' else obj -%}
    {{- return([{'table': owner['raw_table'], 'column': field['expression'],
                 'required': field['expression'] in owner['merge_key'].split('|')}]) -}}
{%- endmacro %}

{#- The raw data type of a field's raw column; none when it is missing and not required. -#}
{% macro _engine_mapped_column(columns, read, where, relation) -%}
    {%- if read['required'] or (read['column'] | lower) in columns -%}
        {{- return(gata._engine_require_column(columns, read['column'], where, relation)) -}}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}

{#- A registry `null_if` value means "none" in the raw data (Shopify's and WooCommerce's customer_id 0 for a
    guest, Amplitude's session_id -1): that value becomes NULL, so it never forms a key. -#}
{% macro _engine_null_if(expr, field, data_type) -%}
    {%- if not field.get('null_if') -%}{{- return(expr) -}}{%- endif -%}
    {{- return('nullif(' ~ expr ~ ', cast(' ~ gata.sql_str(field['null_if']) ~ ' as ' ~ data_type ~ '))') -}}
{%- endmacro %}

{#- Several raw values -> one platform value (a `columns` field): `format` says how.
      concat                  the values as text joined by '-' (NULL when any is NULL or blank): an id the
                              API lacks
      coalesce                the first value that is not NULL or blank (Amplitude's user_id, else device_id)
      ymd                     a date from year, month and day (LinkedIn's dateRange.start)
      minor_units_by_currency amount, currency: minor units to major units (zero-decimal currencies such as
                              JPY are not divided, three-decimal ones by 1000: Stripe's rule)
      difference              the first value minus the second, as decimals (Shopify's refunds: total_price minus
                              current_total_price) -#}
{% macro _engine_combine(parts, data_type, format, where) -%}
    {{- return(adapter.dispatch('_engine_combine', 'gata')(parts, data_type, format, where)) -}}
{%- endmacro %}

{% macro default___engine_combine(parts, data_type, format, where) -%}
    {%- set n = {'concat': none, 'coalesce': none, 'ymd': 3, 'minor_units_by_currency': 2, 'difference': 2}.get(format, 0) -%}
    {%- if n == 0 or (n is not none and parts | length != n) or (n is none and parts | length < 2) -%}
        {{ exceptions.raise_compiler_error("gata: " ~ where ~ ": source 'columns' needs format concat or coalesce (2+ columns), ymd (3), minor_units_by_currency (2) or difference (2); got format '" ~ format ~ "' with " ~ parts | length ~ " column(s) in seeds/registry/gata_fields.csv") }}
    {%- endif -%}
    {%- if format == 'difference' -%}
        {{- return('cast(cast(' ~ parts[0] ~ ' as decimal(38,10)) - cast(' ~ parts[1] ~ ' as decimal(38,10)) as ' ~ data_type ~ ')') -}}
    {%- endif -%}
    {%- if format in ['concat', 'coalesce'] -%}
        {%- set texts = [] -%}
        {#- an empty or blank part counts as missing, as in every business key (gata.hash null_if_any_null) -#}
        {%- for p in parts -%}{%- do texts.append("nullif(trim(cast(" ~ p ~ " as varchar)), '')") -%}{%- endfor -%}
        {%- set combined = texts | join(" || '-' || ") if format == 'concat' else 'coalesce(' ~ texts | join(', ') ~ ')' -%}
        {{- return('cast(' ~ combined ~ ' as ' ~ data_type ~ ')') -}}
    {%- elif format == 'ymd' -%}
        {{- return('cast(make_date(cast(' ~ parts[0] ~ ' as bigint), cast(' ~ parts[1] ~ ' as bigint), cast(' ~ parts[2] ~ ' as bigint)) as ' ~ data_type ~ ')') -}}
    {%- endif -%}
    {#- decimal * decimal literal stays exact -#}
    {{- return('cast(cast(' ~ parts[0] ~ ' as decimal(38,0)) * case when upper(' ~ parts[1] ~ ') in ('
               ~ gata._engine_currencies('zero_decimal') ~ ') then 1 when upper(' ~ parts[1] ~ ') in ('
               ~ gata._engine_currencies('three_decimal') ~ ') then 0.001 else 0.01 end as ' ~ data_type ~ ')') -}}
{%- endmacro %}

{#- ISO 4217 currencies whose minor unit is not a hundredth, as Stripe lists them. -#}
{% macro _engine_currencies(kind) -%}
    {%- set lists = {
        'zero_decimal': ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'],
        'three_decimal': ['BHD', 'JOD', 'KWD', 'OMR', 'TND'],
    } -%}
    {{- return("'" ~ lists[kind] | join("', '") ~ "'") -}}
{%- endmacro %}

{#- Raw value -> platform type. `format` is a strptime format (with %z: converted to UTC), or one of
      epoch_s / epoch_ms / epoch_us   seconds / milliseconds / microseconds since the epoch -> UTC timestamp
      minor_units                     integer minor units (cents) -> major units
      micros                          millionths (Google Ads costMicros) -> major units
      last_segment                    the id at the end of a resource name or URN
                                      (customers/1/campaigns/456, urn:li:sponsoredCampaign:456)
      equals:<value>                  a flag: true when the raw value, as text, equals <value> ignoring case
                                      (status `equals:cancelled`, Stripe's livemode `equals:false` = a test
                                      charge); false otherwise, also when it is NULL
      present                         a flag: true when the raw value is neither NULL nor blank (cancelled_at set) -#}
{% macro _engine_cast(expr, data_type, format, raw_type) -%}
    {{- return(adapter.dispatch('_engine_cast', 'gata')(expr, data_type, format, raw_type)) -}}
{%- endmacro %}

{% macro default___engine_cast(expr, data_type, format, raw_type) -%}
    {%- if format and format.startswith('equals:') -%}
        {{- return('cast(coalesce(lower(trim(cast(' ~ expr ~ ' as varchar))) = ' ~ gata.sql_str(format[7:] | lower) ~ ', false) as ' ~ data_type ~ ')') -}}
    {%- elif format == 'present' -%}
        {{- return('cast(coalesce(trim(cast(' ~ expr ~ " as varchar)) <> '', false) as " ~ data_type ~ ')') -}}
    {%- elif format == 'minor_units' -%}
        {{- return('cast(cast(' ~ expr ~ ' as decimal(38,0)) * 0.01 as ' ~ data_type ~ ')') -}}
    {%- elif format -%}
        {{ exceptions.raise_compiler_error("gata: format '" ~ format ~ "' needs an adapter-specific _engine_cast (" ~ adapter.type() ~ ")") }}
    {%- endif -%}
    {{- return('cast(' ~ expr ~ ' as ' ~ data_type ~ ')') -}}
{%- endmacro %}

{% macro duckdb___engine_cast(expr, data_type, format, raw_type) -%}
    {%- if format and (format.startswith('equals:') or format == 'present') -%}
        {{- return(gata.default___engine_cast(expr, data_type, format, raw_type)) -}}
    {%- endif -%}
    {%- set already_temporal = raw_type.startswith('date') or raw_type.startswith('timestamp') -%}
    {%- set epoch = {'epoch_s': ' * 1000000', 'epoch_ms': ' * 1000', 'epoch_us': ''} -%}
    {%- if format in epoch -%}
        {#- make_timestamp(µs) is time-zone independent, unlike to_timestamp (timestamptz) -#}
        {#- through decimal: exact for integers and for fractional seconds sent as text -#}
        {{- return('cast(make_timestamp(cast(cast(' ~ expr ~ ' as decimal(38,6))' ~ epoch[format] ~ ' as bigint)) as ' ~ data_type ~ ')') -}}
    {%- elif format in ['minor_units', 'micros'] -%}
        {#- decimal * decimal literal stays exact (a division by 100 would turn into a double) -#}
        {{- return('cast(cast(' ~ expr ~ ' as decimal(38,0)) * ' ~ ('0.01' if format == 'minor_units' else '0.000001') ~ ' as ' ~ data_type ~ ')') -}}
    {%- elif format == 'last_segment' -%}
        {{- return('cast(nullif(regexp_extract(cast(' ~ expr ~ " as varchar), '[^/:]*$'), '') as " ~ data_type ~ ')') -}}
    {%- elif format and not already_temporal and '%z' in format -%}
        {#- an offset in the text (RFC 2822 dates: +0000) gives a timestamptz: to naive UTC -#}
        {{- return("cast(timezone('UTC', strptime(cast(" ~ expr ~ ' as varchar), ' ~ gata.sql_str(format) ~ ')) as ' ~ data_type ~ ')') -}}
    {%- elif format and not already_temporal -%}
        {{- return('cast(strptime(cast(' ~ expr ~ ' as varchar), ' ~ gata.sql_str(format) ~ ') as ' ~ data_type ~ ')') -}}
    {%- elif data_type.startswith('timestamp') -%}
        {#- platform timestamps are naive UTC; dlt lands ISO strings as timestamptz -#}
        {%- if raw_type == 'timestamp with time zone' -%}
            {{- return("timezone('UTC', " ~ expr ~ ")") -}}
        {%- elif already_temporal -%}
            {{- return('cast(' ~ expr ~ ' as timestamp)') -}}
        {%- else -%}
            {{- return("timezone('UTC', cast(" ~ expr ~ " as timestamptz))") -}}
        {%- endif -%}
    {%- endif -%}
    {{- return('cast(' ~ expr ~ ' as ' ~ data_type ~ ')') -}}
{%- endmacro %}
