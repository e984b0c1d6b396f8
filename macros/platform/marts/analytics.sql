{#- Analytics marts (category `analytics`): events, the sessions they form and the users behind them, one
    shape for every analytics connector (the `event` and `user` contracts in gata_category_columns.csv).
    Per-tenant logic comes from tenants.yaml `marts:` as keyword arguments that onboarding phase 5 writes
    into the shell (gata_marts.csv `options`); a mart called without one uses gata.mart_option_default. -#}

{% macro _mart_events(tenant) -%}
    {{- return(gata._mart_entity(tenant, 'analytics', 'event')) -}}
{%- endmacro %}

{#- Every event with a session key: the platform's own (GA4 ga_session_id, Amplitude session_id), else one
    formed by 30 minutes of inactivity of the user's events that have none (Mixpanel always, Amplitude's
    -1), keyed by the epoch seconds of that session's first event (deterministic; two such sessions of a
    user are 30 minutes apart, so they never share a key). `sessionised` says which. -#}
{% macro _mart_sessionised_events(tenant) -%}
with events as (
    {{ gata._mart_events(tenant) | indent(4) }}
),
keyless as (
    select
        source_platform,
        event_id,
        user_key,
        event_at,
        lag(event_at) over (partition by source_platform, user_key order by event_at, event_id) as previous_at
    from events
    where session_key is null
),
numbered as (
    select
        *,
        sum(case when previous_at is null or event_at > previous_at + {{ gata._mart_session_timeout() }} then 1 else 0 end)
            over (partition by source_platform, user_key order by event_at, event_id rows between unbounded preceding and current row) as session_number
    from keyless
),
formed as (
    select
        source_platform,
        event_id,
        {{ gata._mart_epoch_seconds('min(event_at) over (partition by source_platform, user_key, session_number)') }} as session_key
    from numbered
)
select
    e.tenant_slug,
    {%- for c in gata._mart_contract_columns('analytics', 'event') %}
    {{ 'coalesce(e.session_key, f.session_key) as session_key' if c == 'session_key' else 'e.' ~ c }},
    {%- endfor %}
    e.session_key is null as sessionised
from events as e
left join formed as f
    on f.source_platform = e.source_platform and f.event_id = e.event_id
{%- endmacro %}

{#- The inactivity that ends a session without a platform key (GA4's and Amplitude's own rule too). -#}
{% macro _mart_session_timeout() -%}
    {{- return(adapter.dispatch('_mart_session_timeout', 'gata')()) -}}
{%- endmacro %}
{% macro default___mart_session_timeout() -%}{{- return("interval '30 minutes'") -}}{%- endmacro %}

{#- Whole seconds since the epoch (UTC) of a timestamp, as bigint. -#}
{% macro _mart_epoch_seconds(expr) -%}
    {{- return(adapter.dispatch('_mart_epoch_seconds', 'gata')(expr)) -}}
{%- endmacro %}
{% macro default___mart_epoch_seconds(expr) -%}
    {{- return('cast(floor(extract(epoch from ' ~ expr ~ ')) as bigint)') -}}
{%- endmacro %}

{#- A SQL list of string literals: `in (...)` over tenants.yaml values (quoted by gata.sql_str). -#}
{% macro _mart_in_list(values) -%}
    {%- set quoted = [] -%}
    {%- for v in values -%}{%- do quoted.append(gata.sql_str(v)) -%}{%- endfor -%}
    {{- return('(' ~ (quoted | join(', ') if quoted else 'null') ~ ')') -}}
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
    sessionised,
    page_location,
    purchase_value,
    device_category,
    country,
    traffic_source,
    traffic_medium
from ({{ gata._mart_sessionised_events(tenant) }}) as events
{%- endmacro %}

{#- One row per session. conversion_events: event names that count as a conversion; funnel_steps: ordered
    event names, one `reached_<step>` flag each (the session has an event of that step and of every earlier
    one; order inside the session is not checked) and furthest_step (the last step reached). -#}
{% macro _mart_sessions(tenant, conversion_events, funnel_steps) -%}
with events as (
    select
        *,
        {#- session attributes are those of its first event -#}
        row_number() over (partition by source_platform, user_key, session_key order by event_at, event_name, event_id) as event_rank
    from ({{ gata._mart_sessionised_events(tenant) }}) as events
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
    {{ gata._mart_money("coalesce(sum(purchase_value), 0)") }} as revenue,
    count(case when event_name in {{ gata._mart_in_list(conversion_events) }} then 1 end) as conversions,
    count(case when event_name in {{ gata._mart_in_list(conversion_events) }} then 1 end) > 0 as converted,
    {%- set reached = [] %}
    {%- for step in funnel_steps %}
    {%- do reached.append('count(case when event_name = ' ~ gata.sql_str(step) ~ ' then 1 end) > 0') %}
    {{ reached | join(' and ') }} as {{ gata.mart_option_column('reached_{funnel_steps}', step) }},
    {%- endfor %}
    {%- if funnel_steps %}
    case
        {%- for step in funnel_steps | reverse %}
        when {{ reached[:loop.revindex] | join(' and ') }} then {{ gata.sql_str(step) }}
        {%- endfor %}
    end as furthest_step,
    {%- else %}
    cast(null as varchar) as furthest_step,
    {%- endif %}
    max(case when sessionised then 1 else 0 end) = 1 as sessionised,
    max(case when event_rank = 1 then traffic_source end) as traffic_source,
    max(case when event_rank = 1 then traffic_medium end) as traffic_medium,
    max(case when event_rank = 1 then device_category end) as device_category,
    max(case when event_rank = 1 then country end) as country
from events
group by tenant_slug, source_platform, user_key, session_key
{%- endmacro %}

{% macro mart_fct_sessions(tenant, conversion_events=none, funnel_steps=none) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
    {%- set conversion_events = gata.mart_option_default('conversion_events') if conversion_events is none else conversion_events -%}
    {%- set funnel_steps = gata.mart_option_default('funnel_steps') if funnel_steps is none else funnel_steps -%}
{{ gata._mart_sessions(tenant, conversion_events, funnel_steps) }}
{%- endmacro %}

{#- One row per analytics user: every user_key seen in events or in a profile (Mixpanel people), with
    profile attributes where the platform sends profiles (country: else the user's first event's). -#}
{% macro mart_dim_users(tenant, conversion_events=none) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
    {%- set conversion_events = gata.mart_option_default('conversion_events') if conversion_events is none else conversion_events -%}
with sessions as (
    select
        *,
        row_number() over (partition by source_platform, user_key order by started_at, session_key) as session_rank
    from ({{ gata._mart_sessions(tenant, conversion_events, []) }}) as sessions
),
per_user as (
    select
        tenant_slug,
        source_platform,
        user_key,
        min(started_at) as first_seen_at,
        max(ended_at) as last_seen_at,
        sum(events) as events,
        count(*) as sessions,
        count(case when converted then 1 end) as converting_sessions,
        sum(conversions) as conversions,
        max(case when session_rank = 1 then country end) as first_country
    from sessions
    group by tenant_slug, source_platform, user_key
),
profiles as (
    {{ gata._mart_entity(tenant, 'analytics', 'user') | indent(4) }}
)
select
    coalesce(u.tenant_slug, p.tenant_slug) as tenant_slug,
    coalesce(u.source_platform, p.source_platform) as source_platform,
    coalesce(u.user_key, p.user_key) as user_key,
    p.email,
    coalesce(p.country, u.first_country) as country,
    u.first_seen_at,
    u.last_seen_at,
    {#- a sum of bigint widens (hugeint): back to the contract's bigint #}
    cast(coalesce(u.events, 0) as bigint) as events,
    coalesce(u.sessions, 0) as sessions,
    coalesce(u.converting_sessions, 0) as converting_sessions,
    cast(coalesce(u.conversions, 0) as bigint) as conversions
from per_user as u
full outer join profiles as p
    on p.source_platform = u.source_platform and p.user_key = u.user_key
{%- endmacro %}
