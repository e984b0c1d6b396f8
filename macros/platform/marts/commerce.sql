{#- Commerce marts (category `commerce`): orders and customers from the shared vault. -#}

{#- One row per order with its customer and line totals; shared by fct_orders and dim_customers. -#}
{% macro _mart_orders(tenant) -%}
with orders as (
    {{ gata._mart_entity(tenant, 'commerce', 'order') }}
),
order_customer as (
    {{ gata._mart_link(tenant, 'commerce', 'order', 'customer') }}
),
lines as (
    {{ gata._mart_entity(tenant, 'commerce', 'order_line') }}
),
line_order as (
    {{ gata._mart_link(tenant, 'commerce', 'order_line', 'order') }}
),
line_totals as (
    select
        line_order.order_hk,
        count(*) as line_count,
        cast(sum(lines.quantity) as bigint) as units,
        {{ gata._mart_money('sum(lines.price * lines.quantity)') }} as line_revenue
    from lines
    inner join line_order on line_order.order_line_hk = lines.order_line_hk
    group by line_order.order_hk
),
amounts as (
    {#- the finance view of an order: amounts a platform does not report count 0, missing flags false;
        refunds are positive whatever sign the platform uses (WooCommerce's refund totals are negative) #}
    select
        order_hk,
        coalesce(is_test, false) as is_test,
        coalesce(is_cancelled, false) as is_cancelled,
        {{ gata._mart_money('coalesce(total_discounts, 0)') }} as discounts,
        {{ gata._mart_money('coalesce(shipping, 0)') }} as shipping,
        {{ gata._mart_money('coalesce(total_tax, 0)') }} as total_tax,
        {{ gata._mart_money('coalesce(total_price, 0)') }} as total_price,
        {{ gata._mart_money('abs(coalesce(refunded, 0))') }} as refunds
    from orders
)
select
    orders.tenant_slug,
    orders.source_platform,
    orders.order_id,
    orders.order_name,
    orders.created_at as ordered_at,
    order_customer.customer_id,
    orders.currency,
    orders.financial_status,
    amounts.is_test,
    amounts.is_cancelled,
    orders.taxes_included,
    coalesce(line_totals.line_count, 0) as line_count,
    coalesce(line_totals.units, 0) as units,
    coalesce(line_totals.line_revenue, 0) as line_revenue,
    {#- total_price holds the tax once in every shop: added on top (tax-exclusive prices) or already in
        the prices (tax-inclusive: Shopify's taxes_included, WooCommerce's prices_include_tax) #}
    {{ gata._mart_money('amounts.total_price - amounts.total_tax - amounts.shipping + amounts.discounts') }} as gross_sales,
    amounts.discounts,
    amounts.shipping,
    amounts.total_tax,
    amounts.total_price,
    amounts.refunds,
    {#- refunds carry their share of the tax: the tax kept is pro rata of what was not refunded, so a
        fully refunded order nets 0 #}
    {{ gata._mart_pro_rata('amounts.total_price - amounts.refunds', 'amounts.total_price - amounts.total_tax', 'amounts.total_price',
                           'amounts.total_price - amounts.total_tax - amounts.refunds') }} as net_revenue,
    {#- the customer as the order itself names it: dim_customers' fallback #}
    orders.customer_email,
    orders.customer_first_name,
    orders.customer_last_name,
    orders.customer_country_code
from orders
inner join amounts on amounts.order_hk = orders.order_hk
left join order_customer on order_customer.order_hk = orders.order_hk
left join line_totals on line_totals.order_hk = orders.order_hk
{%- endmacro %}

{#- fct_orders: one row per order, the finance view (docs/ARCHITECTURE.md "Marts"): gross_sales,
    discounts, shipping, total_tax, total_price, refunds, net_revenue = (total_price - refunds) ×
    (total_price - total_tax) / total_price (refunds carry their share of tax);
    test and cancelled orders are flagged (is_test, is_cancelled), kept here, left out of every total. -#}
{% macro mart_fct_orders(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
    {%- set columns = gata.read_registry('gata_mart_columns') | selectattr('mart', 'equalto', 'fct_orders')
                      | map(attribute='column') | list %}
select {{ columns | join(', ') }}
from (
    {{ gata._mart_orders(tenant) | indent(4) }}
) as orders
{%- endmacro %}

{% macro mart_dim_customers(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with customers as (
    {#- the hub knows every customer, also those seen only on an order -#}
    select tenant_slug, customer_hk, source_platform, customer_id
    from {{ ref('hub_customer') }}
    where tenant_slug = {{ gata.sql_str(tenant) }}
),
attributes as (
    {{ gata._mart_entity(tenant, 'commerce', 'customer') }}
),
orders as (
    {{ gata._mart_orders(tenant) | indent(4) }}
),
order_stats as (
    {#- test and cancelled orders are no revenue and no order of the customer #}
    select
        source_platform,
        customer_id,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        count(*) as order_count,
        {{ gata._mart_money('sum(total_price)') }} as lifetime_revenue,
        {{ gata._mart_money('sum(net_revenue)') }} as lifetime_net_revenue
    from orders
    where customer_id is not null and not is_test and not is_cancelled
    group by source_platform, customer_id
),
order_contact as (
    {#- the customer as their latest order names them (any order, test or not), for a customer the
        customers stream lacks (not loaded, or not onboarded) #}
    select source_platform, customer_id, customer_email, customer_first_name, customer_last_name, customer_country_code
    from (
        select o.*, row_number() over (partition by source_platform, customer_id order by ordered_at desc, order_id desc) as _gata_rn
        from orders as o
        where customer_id is not null
    ) as ranked
    where _gata_rn = 1
)
select
    customers.tenant_slug,
    customers.source_platform,
    customers.customer_id,
    coalesce(attributes.email, order_contact.customer_email) as email,
    coalesce(attributes.first_name, order_contact.customer_first_name) as first_name,
    coalesce(attributes.last_name, order_contact.customer_last_name) as last_name,
    coalesce(attributes.country_code, order_contact.customer_country_code) as country,
    attributes.state,
    order_stats.first_order_at,
    order_stats.last_order_at,
    coalesce(order_stats.order_count, 0) as order_count,
    coalesce(order_stats.lifetime_revenue, 0) as lifetime_revenue,
    coalesce(order_stats.lifetime_net_revenue, 0) as lifetime_net_revenue
from customers
left join attributes on attributes.customer_hk = customers.customer_hk
left join order_stats
    on order_stats.source_platform = customers.source_platform and order_stats.customer_id = customers.customer_id
left join order_contact
    on order_contact.source_platform = customers.source_platform and order_contact.customer_id = customers.customer_id
{%- endmacro %}
