{#- Building blocks of the marts. A mart reads the shared vault only through these, and every one of
    them filters tenant_slug = '<tenant>' (slug validated first), so no mart can see another tenant.
    Which vault models a mart reads is what was onboarded: the satellites its generated shell refs. -#}

{#- Validates the slug (always) and says whether SQL can be built (registry readable = execute). -#}
{% macro _mart_ready(tenant) -%}
    {%- do gata._engine_check_slug(tenant) -%}
    {{- return(execute) -}}
{%- endmacro %}

{% macro _mart_placeholder() -%}
    {#- parse time: the shell's depends_on lines carry the lineage -#}
    {{- return('select 1 as _gata_parse_placeholder') -}}
{%- endmacro %}

{#- The tenant's objects feeding a category: [{connector, object, entity}], registry objects of the
    category's connectors whose satellite the mart's shell refs (`-- depends_on`, written by onboarding
    phase 5 from the objects then onboarded). So a mart builds from what was onboarded, not from a
    tenants.yaml edited since, and never parses tenants.yaml. `model.refs` is the shell's own (also in
    a dbt unit test, which has no project graph). -#}
{% macro _mart_feeds(tenant, category) -%}
    {%- set refs = [] -%}
    {%- for r in (model or {}).get('refs') or [] -%}
        {%- do refs.append(r.get('name') if r is mapping else r[-1]) -%}
    {%- endfor -%}
    {%- set in_category = gata.read_registry('gata_connectors') | selectattr('category', 'equalto', category)
                          | map(attribute='connector') | list -%}
    {%- set feeds = [] -%}
    {%- for obj in gata.read_registry('gata_objects') | sort(attribute='connector,object')
            if obj['connector'] in in_category and gata.sat_model_name(obj['connector'], obj['object']) in refs -%}
        {%- do feeds.append({'connector': obj['connector'], 'object': obj['object'], 'entity': obj['entity']}) -%}
    {%- endfor -%}
    {{- return(feeds) -}}
{%- endmacro %}

{#- Latest row per key of a vault model for one tenant: the current-state view of a satellite
    (or the latest link row of a driving key). -#}
{% macro _mart_latest(model_name, key, tenant) -%}
select *
from (
    select v.*, row_number() over (partition by v.{{ key }} order by v.load_datetime desc) as _gata_rn
    from {{ ref(model_name) }} as v
    where v.tenant_slug = {{ gata.sql_str(tenant) }}
) as latest
where _gata_rn = 1
{%- endmacro %}

{#- The category contract's columns of an entity (gata_category_columns.csv), in file order. -#}
{% macro _mart_contract_columns(category, entity) -%}
    {{- return(gata.read_registry('gata_category_columns') | selectattr('category', 'equalto', category)
               | selectattr('entity', 'equalto', entity) | map(attribute='column') | list) -}}
{%- endmacro %}

{#- Current rows of an entity for one tenant: hub (business key) joined to the current satellite rows
    (payload), unioned over the tenant's objects of that entity in the category. Columns: connector,
    tenant_slug (from the vault rows, so marts show which tenant they read), <entity>_hk, then every
    column of the category contract for the entity (a typed NULL where an object lacks an optional one,
    e.g. an ad platform without conversions; onboarding refuses an object lacking a required one). -#}
{% macro _mart_entity(tenant, category, entity) -%}
    {%- set columns = gata._mart_contract_columns(category, entity) -%}
    {%- set key = gata.hash_key_name(entity) -%}
    {%- set business_key = gata._engine_business_key(entity) -%}
    {%- set feeds = gata._mart_feeds(tenant, category) | selectattr('entity', 'equalto', entity) | list -%}
    {%- for feed in feeds -%}
        {%- set payload = gata._engine_payload_columns(feed['connector'], feed['object']) -%}
        {#- a contract column that is a referenced entity's key lives in the link, not in the satellite
            (Pinterest's report row references its campaign: campaign_id comes from link and hub) -#}
        {%- set via = {} -%}
        {%- for r in gata._engine_references(feed['connector'], feed['object']) -%}
            {%- for c in gata._engine_business_key(r) if c in columns and c not in business_key and c not in payload and c not in via -%}
                {%- do via.update({c: r}) -%}
            {%- endfor -%}
        {%- endfor %}
    select
        '{{ feed['connector'] }}' as connector,
        h.tenant_slug,
        h.{{ key }},
        {%- for c in columns %}
        {{ ('h.' ~ c) if c in business_key else (('s.' ~ c) if c in payload else (('ref_' ~ via[c] ~ '.' ~ c) if c in via else gata._mart_null(category, entity, c))) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref(gata.hub_model_name(entity)) }} as h
    inner join (
        {{ gata._mart_latest(gata.sat_model_name(feed['connector'], feed['object']), key, tenant) | indent(8) }}
    ) as s on s.{{ key }} = h.{{ key }}
    {%- for r in via.values() | unique | sort %}
    left join (
        {{ gata._mart_link(tenant, category, entity, r) | indent(8) }}
    ) as ref_{{ r }} on ref_{{ r }}.{{ key }} = h.{{ key }}
    {%- endfor %}
    where h.tenant_slug = {{ gata.sql_str(tenant) }}
    {%- if not loop.last %}
    union all
    {%- endif -%}
    {%- else %}
    {#- none of the tenant's objects is of this entity: same columns, no rows #}
    select cast(null as varchar) as connector, cast(null as varchar) as tenant_slug, null as {{ key }}
        {%- for c in columns %}, {{ gata._mart_null(category, entity, c) }}{% endfor %}
    where 1 = 0
    {%- endfor -%}
{%- endmacro %}

{#- entity -> referenced entity for one tenant: both hash keys plus the referenced business key, from the
    latest link row per entity key; empty when none of the tenant's objects carries the relationship. -#}
{% macro _mart_link(tenant, category, entity, references) -%}
    {%- set ref_key = gata._engine_business_key(references) -%}
    {%- set own_hk, ref_hk = gata.hash_key_name(entity), gata.hash_key_name(references) -%}
    {%- set related = [] -%}
    {%- for feed in gata._mart_feeds(tenant, category) if feed['entity'] == entity
            and references in gata._engine_references(feed['connector'], feed['object']) -%}
        {%- do related.append(feed) -%}
    {%- endfor -%}
    {%- if related %}
    select l.{{ own_hk }}, l.{{ ref_hk }}, h.{{ ref_key | join(', h.') }}
    from (
        {{ gata._mart_latest(gata.link_model_name(entity, references), own_hk, tenant) | indent(8) }}
    ) as l
    inner join {{ ref(gata.hub_model_name(references)) }} as h on h.{{ ref_hk }} = l.{{ ref_hk }}
    where h.tenant_slug = {{ gata.sql_str(tenant) }}
    {%- else %}
    select null as {{ own_hk }}, null as {{ ref_hk }}
        {%- for c in ref_key %}, {{ gata._mart_null(category, references, c) }}{% endfor %}
    where 1 = 0
    {%- endif -%}
{%- endmacro %}

{#- A NULL standing in for a column no onboarded object provides, typed as the category contract types
    it, so a mart's column types never depend on which objects a tenant has: its output contract
    (gata_mart_columns.csv) holds for every tenant. -#}
{% macro _mart_null(category, entity, column) -%}
    {%- for r in gata.read_registry('gata_category_columns') if r['category'] == category and r['entity'] == entity and r['column'] == column -%}
        {{- return('cast(null as ' ~ gata._engine_check_type(r['data_type'], 'column ' ~ column) ~ ') as ' ~ column) -}}
    {%- endfor -%}
    {{- exceptions.raise_compiler_error("gata: column '" ~ column ~ "' of entity '" ~ entity ~ "' is not in the " ~ category ~ " contract (seeds/registry/gata_category_columns.csv)") -}}
{%- endmacro %}

{#- Money in every mart: decimal(18,2) (a sum of decimal(18,2) would widen to decimal(38,2)). -#}
{% macro _mart_money(expression) -%}
    {{- return('cast(' ~ expression ~ ' as decimal(18,2))') -}}
{%- endmacro %}

{#- amount × part / whole in money, exact: in integer cents, rounded half up (a decimal division would be a
    double in DuckDB); `otherwise` when whole is 0. For amounts >= 0 (a share of an order total). -#}
{% macro _mart_pro_rata(amount, part, whole, otherwise) -%}
    {%- set cents = [] -%}
    {%- for x in [amount, part, whole] -%}{%- do cents.append('cast(round((' ~ x ~ ') * 100) as hugeint)') -%}{%- endfor -%}
    {{- return('case when (' ~ whole ~ ') = 0 then ' ~ gata._mart_money(otherwise) ~ ' else '
               ~ gata._mart_money('cast((2 * ' ~ cents[0] ~ ' * ' ~ cents[1] ~ ' + ' ~ cents[2] ~ ') // (2 * ' ~ cents[2] ~ ') as decimal(38,0)) * 0.01') ~ ' end') -}}
{%- endmacro %}

{#- The value a mart option (tenants.yaml `marts:`, gata_marts.csv `options`) takes when the tenant sets
    none: onboarding phase 5 writes it into the shell, and a mart macro called without it uses it too. -#}
{% macro mart_option_default(option) -%}
    {%- set defaults = {
        'conversion_events': ['purchase'],
        'funnel_steps': ['session_start', 'page_view', 'add_to_cart', 'purchase'],
        'ad_conversion_action_types': ['purchase'],
    } -%}
    {%- if option not in defaults -%}
        {{- exceptions.raise_compiler_error("gata: mart option '" ~ option ~ "' has no default (gata.mart_option_default)") -}}
    {%- endif -%}
    {{- return(defaults[option]) -}}
{%- endmacro %}
