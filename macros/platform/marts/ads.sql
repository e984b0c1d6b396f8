{#- Ads marts (category `ads`): one shape for every ad connector. A connector feeds them through its
    objects of entity ad_insight / campaign; its differences are registry data (gata_fields). -#}

{#- Delivery metrics of the tenant's ad insights summed at `grain` (a list of insight columns). Money is
    in the ad account's currency: one account, one currency per campaign, so max() names it (NULL when
    the platform's delivery rows carry none: the campaign's currency is used then). Conversions and
    conversion value stay NULL for a platform that reports none (a sum over NULLs). -#}
{% macro _mart_ad_totals(tenant, grain, action_types=none) -%}
select
    tenant_slug,
    {{ grain | join(', ') }},
    max(currency) as currency,
    {{ gata._mart_money('sum(spend)') }} as spend,
    cast(sum(impressions) as bigint) as impressions,
    cast(sum(clicks) as bigint) as clicks,
    {#- double: Google Ads shares conversion credit in fractions (metrics.conversions 2.5) #}
    cast(sum(conversions) as double) as conversions,
    {{ gata._mart_money('sum(conversion_value)') }} as conversion_value
from ({{ gata._mart_ad_insights(tenant, action_types) }}) as insights
group by tenant_slug, {{ grain | join(', ') }}
{%- endmacro %}

{#- The tenant's ad insights. With `action_types` (tenants.yaml `marts: ad_conversion_action_types`), an
    insight that has per-action rows (entity ad_insight_action: Meta's actions / action_values) counts
    as conversions, and their value, the actions of those types instead of the registry's default
    (purchase); other platforms keep their own conversions. -#}
{% macro _mart_ad_insights(tenant, action_types=none) -%}
    {%- if action_types is none -%}
        {{- return(gata._mart_entity(tenant, 'ads', 'ad_insight')) -}}
    {%- endif -%}
    {%- if action_types is string or action_types is not iterable or action_types is mapping -%}
        {{ exceptions.raise_compiler_error("gata: tenant '" ~ tenant ~ "': marts option ad_conversion_action_types must be a list of action types, got " ~ action_types) }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for t in action_types -%}
        {%- if t is not string or not t -%}
            {{ exceptions.raise_compiler_error("gata: tenant '" ~ tenant ~ "': marts option ad_conversion_action_types[" ~ loop.index0 ~ "] must be a non-empty string, got " ~ t) }}
        {%- endif -%}
        {%- do quoted.append(gata.sql_str(t)) -%}
    {%- endfor -%}
    {%- set chosen = ('action_type in (' ~ quoted | join(', ') ~ ')') if quoted else 'false' -%}
    {%- set keys = ['ad_platform', 'ad_id', 'date_day'] %}
select
    {%- for c in ['connector', 'tenant_slug', gata.hash_key_name('ad_insight')] + gata._mart_contract_columns('ads', 'ad_insight') %}
    {{ ('case when actions.ad_id is null then insights.' ~ c ~ ' else actions.' ~ c ~ ' end as ' ~ c)
       if c in ['conversions', 'conversion_value'] else 'insights.' ~ c }}{{ ',' if not loop.last }}
    {%- endfor %}
from ({{ gata._mart_entity(tenant, 'ads', 'ad_insight') }}) as insights
left join (
    select
        {{ keys | join(', ') }},
        cast(sum(case when {{ chosen }} then actions else 0 end) as double) as conversions,
        {{ gata._mart_money('sum(case when ' ~ chosen ~ ' then action_value else 0 end)') }} as conversion_value
    from ({{ gata._mart_entity(tenant, 'ads', 'ad_insight_action') }}) as per_action
    group by {{ keys | join(', ') }}
) as actions
    on {% for k in keys %}actions.{{ k }} = insights.{{ k }}{{ ' and ' if not loop.last }}{% endfor %}
{%- endmacro %}

{% macro _mart_campaigns(tenant) -%}
    {{- return(gata._mart_entity(tenant, 'ads', 'campaign')) -}}
{%- endmacro %}

{% macro mart_fct_ad_performance(tenant, ad_conversion_action_types=none) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with daily as (
    {{ gata._mart_ad_totals(tenant, ['date_day', 'ad_platform', 'campaign_id'], ad_conversion_action_types) }}
),
campaigns as (
    {{ gata._mart_campaigns(tenant) }}
)
select
    daily.tenant_slug,
    daily.date_day,
    daily.ad_platform,
    daily.campaign_id,
    campaigns.campaign_name,
    coalesce(daily.currency, campaigns.currency) as currency,
    daily.spend,
    daily.impressions,
    daily.clicks,
    daily.conversions,
    daily.conversion_value
from daily
left join campaigns
    on campaigns.ad_platform = daily.ad_platform and campaigns.campaign_id = daily.campaign_id
{%- endmacro %}

{% macro mart_dim_campaigns(tenant, ad_conversion_action_types=none) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with campaigns as (
    {{ gata._mart_campaigns(tenant) }}
),
lifetime as (
    {{ gata._mart_ad_totals(tenant, ['ad_platform', 'campaign_id'], ad_conversion_action_types) }}
)
select
    campaigns.tenant_slug,
    campaigns.ad_platform,
    campaigns.campaign_id,
    campaigns.campaign_name,
    campaigns.objective,
    campaigns.status,
    coalesce(lifetime.currency, campaigns.currency) as currency,
    coalesce(lifetime.spend, 0) as lifetime_spend,
    coalesce(lifetime.impressions, 0) as lifetime_impressions,
    coalesce(lifetime.clicks, 0) as lifetime_clicks,
    coalesce(lifetime.conversions, 0) as lifetime_conversions,
    lifetime.conversion_value as lifetime_conversion_value
from campaigns
left join lifetime
    on lifetime.ad_platform = campaigns.ad_platform and lifetime.campaign_id = campaigns.campaign_id
{%- endmacro %}
