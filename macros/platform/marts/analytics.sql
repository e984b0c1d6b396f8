{#- Analytics marts (category `analytics`): events and the sessions they form, one shape for every
    analytics connector (the `event` contract in gata_category_columns.csv). -#}

{% macro _mart_events(tenant) -%}
    {{- return(gata._mart_entity(tenant, 'analytics', 'event')) -}}
{%- endmacro %}

{% macro mart_fct_events(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
select
    tenant_slug,
    source_platform,
    event_id,
    event_date,
    event_at,
    event_name,
    user_key,
    session_key,
    page_location,
    purchase_value,
    device_category,
    country,
    traffic_source,
    traffic_medium
from ({{ gata._mart_events(tenant) }}) as events
{%- endmacro %}

{% macro mart_fct_sessions(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with events as (
    select
        *,
        {#- session attributes are those of its first event -#}
        row_number() over (partition by source_platform, user_key, session_key order by event_at, event_name) as event_rank
    from ({{ gata._mart_events(tenant) }}) as events
    where session_key is not null
)
select
    tenant_slug,
    source_platform,
    user_key,
    session_key,
    min(event_at) as started_at,
    max(event_at) as ended_at,
    count(*) as events,
    count(case when event_name = 'page_view' then 1 end) as page_views,
    count(case when event_name = 'purchase' then 1 end) as purchases,
    {{ gata._mart_money("coalesce(sum(case when event_name = 'purchase' then purchase_value end), 0)") }} as revenue,
    max(case when event_rank = 1 then traffic_source end) as traffic_source,
    max(case when event_rank = 1 then traffic_medium end) as traffic_medium,
    max(case when event_rank = 1 then device_category end) as device_category,
    max(case when event_rank = 1 then country end) as country
from events
group by tenant_slug, source_platform, user_key, session_key
{%- endmacro %}
