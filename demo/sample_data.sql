-- Sample ERP data for the customer_segments demo: a Yonyou-U8-style customer
-- class tree (coding scheme 2-2-2), 50 customers and 14 months of sales
-- order lines (2025-10-01 .. 2026-11-24). Deterministic: the same rows on
-- every run, generated with generate_series and integer arithmetic (no
-- random()). Idempotent: drops and recreates schema erp.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS erp CASCADE;
CREATE SCHEMA erp;

BEGIN;

-- Customer classes, coding scheme 2-2-2: level 1 = 2 digits, level 2 = 4,
-- level 3 = 6. Customers hang on leaf classes only.
CREATE TABLE erp.customer_class (
    code    text PRIMARY KEY,
    name    text NOT NULL,
    grade   int NOT NULL,
    is_leaf boolean NOT NULL
);
COMMENT ON TABLE erp.customer_class IS
    'Customer classes as a coded tree (Yonyou U8 style, coding scheme 2-2-2): code, name, level (grade) and whether the class is a leaf.';

INSERT INTO erp.customer_class (code, name, grade, is_leaf) VALUES
    ('01',     '本地',     1, false),
    ('0101',   '市区',     2, true),
    ('0102',   '郊县',     2, true),
    ('02',     '北京',     1, false),
    ('0201',   '海淀区',   2, true),
    ('0202',   '朝阳区',   2, true),
    ('03',     '广东',     1, false),
    ('0301',   '广州',     2, false),
    ('030101', '天河区',   3, true),
    ('030102', '越秀区',   3, true),
    ('0302',   '深圳',     2, false),
    ('030201', '南山区',   3, true),
    ('030202', '福田区',   3, true),
    ('04',     '上海',     1, false),
    ('0401',   '浦东新区', 2, true),
    ('0402',   '徐汇区',   2, true);

CREATE TABLE erp.customer (
    customer_id int PRIMARY KEY,
    name        text,
    class_code  text REFERENCES erp.customer_class,
    region      text,
    industry    text,
    created_on  date,
    employees   int,
    key_account boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE erp.customer IS
    'Customers, each attached to a leaf customer class; region and industry are management dimensions, employees gives the size, key_account the importance.';

CREATE TABLE erp.sales_order_line (
    line_id     bigint PRIMARY KEY,
    order_id    int,
    customer_id int REFERENCES erp.customer,
    order_date  date,
    category    text CHECK (category IN ('product', 'service')),
    item        text,
    amount      numeric(12,2)
);
COMMENT ON TABLE erp.sales_order_line IS
    'Sales order lines, 2025-10-01 .. 2026-11-24; negative amounts are returns and credit notes.';

-- How each customer buys (used only to generate the data, then dropped):
-- an order every `every_days` days between first_order and last_order
-- (NULL: the whole period), 1 .. max_lines lines per order, each line about
-- base_yuan (60% .. 140% of it, growing slowly over time), and a product
-- line with probability product_pct %.
CREATE TEMP TABLE buying_plan (
    customer_id int, name text, class_code text, industry text, created_on date,
    every_days int, first_order date, last_order date, max_lines int, base_yuan int, product_pct int
);
INSERT INTO buying_plan VALUES
    -- 01 本地
    ( 1, '华东贸易有限公司',         '0101',   '批发', '2018-03-12',  2, NULL,         NULL,         2, 1500,  60),
    ( 2, '杭州天成机械制造有限公司', '0102',   '制造', '2019-06-01',  5, NULL,         NULL,         2,  900,  95),
    ( 3, '西湖文化传媒有限公司',     '0101',   '服务', '2020-02-18', 14, NULL,         NULL,         1, 1200,   5),
    ( 4, '钱塘建材商行',             '0102',   '零售', '2021-07-09',  7, NULL,         NULL,         2,  450,  90),
    ( 5, '萧山纺织有限公司',         '0102',   '制造', '2017-11-30',  4, NULL,         NULL,         2,  700,  80),
    ( 6, '城东便利连锁有限公司',     '0101',   '零售', '2022-04-15',  3, NULL,         NULL,         1,  220, 100),
    ( 7, '湖滨餐饮管理有限公司',     '0101',   '服务', '2023-01-10', 21, NULL,         NULL,         1,  800,  20),
    ( 8, '临平物流有限公司',         '0102',   '物流', '2020-09-01', 12, NULL,         NULL,         2,  600,  10),
    ( 9, '金桥电子商务有限公司',     '0101',   '零售', '2021-05-06',  6, NULL,         '2026-03-20', 2,  700,  70),
    (10, '余杭包装材料厂',           '0102',   '制造', '2016-05-20',  9, NULL,         NULL,         2,  500,  95),
    (11, '东方咨询顾问有限公司',     '0101',   '服务', '2021-03-03', 30, NULL,         NULL,         1, 2500,   0),
    (12, '新锐智能科技有限公司',     '0101',   '制造', '2026-08-28',  6, '2026-09-03', NULL,         2,  800,  60),
    (13, '富阳五金批发部',           '0102',   '批发', '2019-12-12', 25, NULL,         NULL,         1,  400, 100),
    (14, '运河酒店管理有限公司',     '0101',   '服务', '2018-08-08', 45, NULL,         NULL,         1,  600,  30),
    -- 02 北京
    (15, '北京中科信息服务有限公司', '0201',   '服务', '2017-04-01',  4, NULL,         NULL,         2, 2400,  10),
    (16, '北京华北建设集团有限公司', '0202',   '建筑', '2018-09-15',  8, NULL,         NULL,         3, 1200,  85),
    (17, '中关村软件园服务有限公司', '0201',   '服务', '2019-10-21',  5, NULL,         NULL,         2,  600,  15),
    (18, '朝阳国际贸易有限公司',     '0202',   '批发', '2020-06-30', 10, NULL,         NULL,         2,  800,  55),
    (19, '北方办公用品有限公司',     '0202',   '零售', '2022-02-14',  6, NULL,         NULL,         1,  350, 100),
    (20, '海淀教育科技有限公司',     '0201',   '服务', '2021-09-01', 20, NULL,         NULL,         2,  900,  40),
    (21, '燕山机电设备有限公司',     '0202',   '制造', '2018-04-17',  5, NULL,         '2026-05-15', 2,  800,  90),
    (22, '北京嘉禾餐饮有限公司',     '0202',   '服务', '2023-05-08', 35, NULL,         NULL,         1,  700,  50),
    (23, '京西物流配送有限公司',     '0201',   '物流', '2020-11-11', 15, NULL,         NULL,         1,  900,   5),
    (24, '京城汽车配件商行',         '0202',   '批发', '2019-03-25', 11, NULL,         NULL,         2,  650, 100),
    (25, '北京博雅文化有限公司',     '0201',   '服务', '2026-09-26',  9, '2026-10-08', NULL,         1, 1100,  20),
    (26, '望京电子科技有限公司',     '0202',   '制造', '2022-12-01', 40, NULL,         NULL,         1,  500,  90),
    -- 03 广东
    (27, '广州恒达制造有限公司',     '030101', '制造', '2016-01-18',  2, NULL,         NULL,         2, 1900,  95),
    (28, '深圳南山电子科技有限公司', '030201', '制造', '2017-07-07', 10, NULL,         NULL,         3, 6500,  90),
    (29, '天河商贸有限公司',         '030101', '批发', '2018-10-10',  4, NULL,         NULL,         2,  650,  50),
    (30, '越秀百货有限公司',         '030102', '零售', '2019-01-02',  3, NULL,         NULL,         1,  300, 100),
    (31, '福田金融服务有限公司',     '030202', '服务', '2020-04-20',  7, NULL,         NULL,         1, 1400,   0),
    (32, '羊城食品有限公司',         '030102', '制造', '2018-06-06',  9, NULL,         NULL,         2,  550,  85),
    (33, '前海供应链管理有限公司',   '030201', '物流', '2021-08-16',  6, NULL,         NULL,         2,  500,  30),
    (34, '珠江包装有限公司',         '030101', '制造', '2017-03-09',  8, NULL,         '2026-02-20', 2,  900,  95),
    (35, '南山软件技术有限公司',     '030201', '服务', '2020-12-01', 16, NULL,         NULL,         2, 1000,  15),
    (36, '福田家居建材有限公司',     '030202', '零售', '2022-07-19', 13, NULL,         NULL,         1,  750, 100),
    (37, '白云电器有限公司',         '030102', '制造', '2019-09-09', 30, NULL,         NULL,         1,  650,  70),
    (38, '深圳创新医疗器械有限公司', '030202', '制造', '2026-09-01',  5, '2026-09-15', NULL,         2, 1000,  80),
    (39, '广州岭南广告有限公司',     '030101', '服务', '2021-02-22', 28, NULL,         NULL,         1,  900,  10),
    (40, '华强北电子商行',           '030201', '批发', '2020-03-03', 18, NULL,         NULL,         2,  400, 100),
    -- 04 上海
    (41, '上海浦东物流有限公司',     '0401',   '物流', '2016-09-27',  2, NULL,         NULL,         2, 1000,  50),
    (42, '陆家嘴投资咨询有限公司',   '0401',   '服务', '2019-05-15',  9, NULL,         NULL,         2, 1100,   5),
    (43, '徐汇精密仪器有限公司',     '0402',   '制造', '2018-02-28',  5, NULL,         NULL,         2,  800,  90),
    (44, '张江生物科技有限公司',     '0401',   '制造', '2020-10-12', 14, NULL,         NULL,         2,  700,  60),
    (45, '徐家汇商业管理有限公司',   '0402',   '零售', '2021-11-01',  3, NULL,         NULL,         1,  180,  95),
    (46, '外高桥贸易有限公司',       '0401',   '批发', '2019-07-30', 12, NULL,         NULL,         2,  900,  50),
    (47, '上海衡山酒店有限公司',     '0402',   '服务', '2022-03-18', 33, NULL,         NULL,         1,  800,  25),
    (48, '临港新材料有限公司',       '0401',   '制造', '2023-06-26', 20, NULL,         NULL,         2,  500, 100),
    (49, '漕河泾网络科技有限公司',   '0402',   '服务', '2020-01-13',  7, NULL,         '2026-01-25', 1,  900,  20),
    (50, '徐汇文具批发部',           '0402',   '批发', '2021-04-04', 26, NULL,         NULL,         1,  300, 100);

INSERT INTO erp.customer (customer_id, name, class_code, region, industry, created_on, employees, key_account)
SELECT customer_id, name, class_code,
       CASE left(class_code, 2) WHEN '02' THEN '华北' WHEN '03' THEN '华南' ELSE '华东' END,
       industry, created_on,
       -- headcount grows with the order size: 12 .. about 3000
       12 + base_yuan * max_lines * (1 + customer_id % 4) / 25,
       -- key accounts: large regular buyers, and every seventh customer
       base_yuan * max_lines >= 2400 OR customer_id % 7 = 0
FROM buying_plan
ORDER BY customer_id;

-- A deterministic pseudo-random number 0 .. 32767 from three integers
-- (two rounds of the classic rand() linear congruential generator).
CREATE FUNCTION pg_temp.mix(a int, b int, c int) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT (((((((a::bigint * 100003 + b * 1009 + c * 17) % 2147483648)
                * 1103515245 + 12345) % 2147483648)
              * 1103515245 + 12345) % 2147483648) / 65536)::int
$$;

INSERT INTO erp.sales_order_line (line_id, order_id, customer_id, order_date, category, item, amount)
SELECT row_number() OVER (ORDER BY order_date, customer_id, line_no),
       100000 + dense_rank() OVER (ORDER BY order_date, customer_id),
       customer_id, order_date, category,
       CASE category
           WHEN 'product' THEN (ARRAY['工业传感器', 'PLC控制器', '电缆线束', '包装材料', '备品备件', '办公耗材'])[1 + pg_temp.mix(customer_id, day_no, 20 + line_no) % 6]
           ELSE (ARRAY['安装调试', '维修保养', '技术培训', '咨询服务', '软件订阅'])[1 + pg_temp.mix(customer_id, day_no, 20 + line_no) % 5]
       END,
       -- whole cents: base * (60 .. 140)% * (95 .. 114)% growth over the period
       (p.base_yuan::bigint * 100 * (60 + pg_temp.mix(customer_id, day_no, 30 + line_no) % 81)
                   * (95 + day_no / 22) / 10000)::numeric / 100
FROM buying_plan AS p
CROSS JOIN LATERAL (
    SELECT d::date AS order_date, d::date - date '2025-10-01' AS day_no
    FROM generate_series(date '2025-10-01', date '2026-11-24', interval '1 day') AS d
) AS day
CROSS JOIN LATERAL generate_series(1, 1 + pg_temp.mix(customer_id, day_no, 0) % p.max_lines) AS line_no
CROSS JOIN LATERAL (
    SELECT CASE WHEN pg_temp.mix(customer_id, day_no, 10 + line_no) % 100 < p.product_pct
                THEN 'product' ELSE 'service' END AS category
) AS c
WHERE (day_no + customer_id * 7) % p.every_days = 0
  AND order_date >= coalesce(p.first_order, date '2025-10-01')
  AND order_date <= coalesce(p.last_order, date '2026-11-24');

-- Returns and credit notes: every 400th line comes back 9 days later, in
-- full (odd line ids) or half of it (even line ids), on a credit note of its own.
INSERT INTO erp.sales_order_line (line_id, order_id, customer_id, order_date, category, item, amount)
SELECT last.line_id + row_number() OVER (ORDER BY l.line_id),
       last.order_id + row_number() OVER (ORDER BY l.line_id),
       l.customer_id, l.order_date + 9, l.category, '退货：' || l.item,
       CASE WHEN l.line_id % 2 = 1 THEN -l.amount ELSE -round(l.amount / 2, 2) END
FROM erp.sales_order_line AS l,
     (SELECT max(line_id) AS line_id, max(order_id) AS order_id FROM erp.sales_order_line) AS last
WHERE l.line_id % 400 = 0 AND l.order_date + 9 <= date '2026-11-24';

DROP FUNCTION pg_temp.mix(int, int, int);
DROP TABLE buying_plan;

COMMIT;

ANALYZE erp.customer_class, erp.customer, erp.sales_order_line;

-- The company's segmentation policy (docs/policies.md): the seed's three
-- dimensions (amount by the 5000/10000 monthly bands, frequency by 5/10
-- orders a month, preference), size by headcount, importance, new versus
-- old customers, and the VIP and high-potential tags. Metrics come from
-- segments.metrics(profile, as_of) and the columns of erp.customer.
INSERT INTO segments.policies (name, body, note) VALUES ('default', $policy$
{
  "metrics": {
    "amount_per_month": "number", "orders_per_month": "number", "preference": "text",
    "tenure_days": "number", "total": "number", "orders": "number", "avg_order": "number",
    "employees": "number", "key_account": "bool", "industry": "text", "region": "text"
  },
  "dimensions": {
    "amount": {"metric": "amount_per_month", "bands": [
      {"label": "low", "lt": 5000}, {"label": "medium", "gte": 5000, "lte": 10000}, {"label": "high", "gt": 10000}]},
    "frequency": {"metric": "orders_per_month", "bands": [
      {"label": "low", "lt": 5}, {"label": "medium", "gte": 5, "lte": 10}, {"label": "high", "gt": 10}]},
    "preference": {"metric": "preference", "map": {"product": "product", "service": "service", "mixed": "mixed"}},
    "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]},
    "importance": {"metric": "key_account", "map": {"true": "key", "false": "normal"}},
    "age": {"metric": "tenure_days", "cuts": [365], "labels": ["new", "old"]}
  },
  "tags": {
    "VIP": {"all": [{"metric": "total", "gte": 100000}, {"metric": "orders", "gte": 12}]},
    "high_potential": {"all": [{"dimension": "age", "eq": "new"}, {"metric": "avg_order", "gt": 1000}]}
  }
}
$policy$, 'Sample policy: the seed''s three dimensions, size, importance, new/old; VIP and high-potential tags.')
ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, note = EXCLUDED.note;
RESET client_min_messages;
