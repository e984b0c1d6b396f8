{#- Analytics marts (category `analytics`): events and the sessions they form. -#}

{% macro _mart_events(tenant) -%}
    {{- return(gata._mart_entity(tenant, 'analytics', 'ga_event', ['user_pseudo_id', 'event_timestamp', 'event_name', 'event_date', 'event_at', 'ga_session_id', 'page_location', 'purchase_value', 'device_category', 'country', 'traffic_source', 'traffic_medium'])) -}}
{%- endmacro %}

{% macro mart_fct_events(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
select
    tenant_slug,
    event_date,
    event_at,
    event_timestamp,
    event_name,
    user_pseudo_id,
    ga_session_id,
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
        row_number() over (partition by user_pseudo_id, ga_session_id order by event_at, event_name) as event_rank
    from ({{ gata._mart_events(tenant) }}) as events
    where ga_session_id is not null
)
select
    tenant_slug,
    user_pseudo_id,
    ga_session_id,
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
group by tenant_slug, user_pseudo_id, ga_session_id
{%- endmacro %}
