-- Sample ERP data for the customer_segments demo: a Yonyou-U8-style customer
-- class tree (coding scheme 2-2-2), 400 customers (some of them in two
-- classes) and four years of sales orders, 2022-11-01 .. 2026-11-24: orders
-- of one to five lines, product and service lines, credit notes for
-- returns, customers who join and customers who leave along the way.
-- Deterministic: the same rows on every run, generated with generate_series
-- and integer arithmetic on a seeded hash (no random()). Idempotent: drops
-- and recreates schema erp.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS erp CASCADE;
CREATE SCHEMA erp;

BEGIN;
-- Generating the rows is a few plain queries: no JIT compilation, sorts in memory.
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';

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
    'Customers, each attached to a leaf customer class (its main class); region and industry are management dimensions, employees gives the size, key_account the importance.';

-- Class membership, many-to-many: every customer is in its main class, and a
-- customer with branches in two districts of one province (every twelfth or
-- so) is in a second leaf class of that province too.
CREATE TABLE erp.customer_class_member (
    customer_id int REFERENCES erp.customer,
    class_code  text REFERENCES erp.customer_class,
    PRIMARY KEY (customer_id, class_code)
);
COMMENT ON TABLE erp.customer_class_member IS
    'Customers in classes, many-to-many: the main class of erp.customer and, for some customers, a second leaf class under the same level-1 class.';

CREATE TABLE erp.sales_order_line (
    line_id     bigint,
    order_id    int,
    customer_id int,
    order_date  date,
    category    text CHECK (category IN ('product', 'service')),
    item        text,
    amount      numeric(12,2)
);
COMMENT ON TABLE erp.sales_order_line IS
    'Sales order lines, 2022-11-01 .. 2026-11-24: an order (order_id) has one or more lines; a credit note (a return) is an order_id of its own whose lines are negative.';

-- A deterministic pseudo-random number 0 .. 32767 from three integers: the
-- seeded hash every choice below is made with (PostgreSQL's 64-bit integer
-- hash, the one hash partitioning uses, so the same on every version).
CREATE FUNCTION pg_temp.mix(a int, b int, c int) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT (hashint8extended(a::bigint * 1000003 + b * 1009 + c, 20221101) & 32767)::int
$$;

-- How each customer buys (used only to generate the data, then dropped):
-- an order every `every_days` days (about one in ten skipped) between
-- first_order and last_order (NULL: the whole period), 1 .. max_lines lines
-- per order, each line about base_yuan (60% .. 140% of it, and changing by
-- trend_pct % a year), and a product line with probability product_pct %.
CREATE TEMP TABLE buying_plan (
    customer_id int, name text, class_code text, industry text, created_on date,
    every_days int, first_order date, last_order date, max_lines int, base_yuan int, product_pct int,
    trend_pct int
);
-- Fifty customers written out ...
INSERT INTO buying_plan (customer_id, name, class_code, industry, created_on, every_days, first_order, last_order,
                         max_lines, base_yuan, product_pct) VALUES
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
UPDATE buying_plan SET max_lines = max_lines + 1 + customer_id % 2,
                       trend_pct = pg_temp.mix(customer_id, 3, 0) % 19 - 5;

-- ... and 350 more drawn from the seeded hash: a province (more local
-- customers), one of its leaf classes, an industry (manufacturers buy mostly
-- products, service companies mostly services), a name, a buying rhythm and
-- an order size; three in ten join during the four years and about one in
-- eight stops buying.
INSERT INTO buying_plan
SELECT id,
       prefixes[1 + (id / 17) % 6] || (ARRAY['恒信', '瑞丰', '华联', '金盛', '宏达', '永兴', '鼎盛', '汇通', '远航',
                                              '新创', '德丰', '中兴', '嘉华', '同创', '天润', '泰和', '明辉'])[1 + id % 17]
           || CASE industry WHEN '制造' THEN '制造有限公司' WHEN '批发' THEN '贸易有限公司' WHEN '零售' THEN '商贸有限公司'
                            WHEN '服务' THEN '信息服务有限公司' WHEN '物流' THEN '物流有限公司' ELSE '建设工程有限公司' END,
       leaves[1 + pg_temp.mix(id, 2, 0) % array_length(leaves, 1)],
       industry,
       created_on,
       (ARRAY[2, 3, 4, 5, 6, 7, 9, 10, 12, 14, 15, 18, 20, 21, 25, 28, 30, 30, 35, 40, 45, 45, 60, 60, 75, 90, 90, 120])
           [1 + pg_temp.mix(id, 4, 0) % 28],
       CASE WHEN created_on >= date '2022-11-01' THEN created_on + pg_temp.mix(id, 5, 0) % 30 END,
       CASE WHEN pg_temp.mix(id, 6, 0) % 8 = 0 THEN greatest(created_on, date '2022-11-01') + 200 + pg_temp.mix(id, 6, 1) % 1000 END,
       -- frequent buyers place small orders
       CASE WHEN pg_temp.mix(id, 4, 0) % 28 < 2 THEN 1 + pg_temp.mix(id, 7, 0) % 2 ELSE 1 + pg_temp.mix(id, 7, 0) % 5 END,
       (ARRAY[150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 3000, 5000])[1 + pg_temp.mix(id, 8, 0) % 14],
       CASE industry WHEN '制造' THEN 70 + pg_temp.mix(id, 9, 0) % 31
                     WHEN '服务' THEN pg_temp.mix(id, 9, 0) % 31
                     ELSE pg_temp.mix(id, 9, 0) % 101 END,
       pg_temp.mix(id, 3, 0) % 19 - 5
FROM generate_series(51, 400) AS id
CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.mix(id, 1, 0) % 100 < 30 THEN '01'
                                WHEN pg_temp.mix(id, 1, 0) % 100 < 50 THEN '02'
                                WHEN pg_temp.mix(id, 1, 0) % 100 < 80 THEN '03' ELSE '04' END AS province,
                           (ARRAY['制造', '制造', '批发', '零售', '服务', '服务', '物流', '建筑'])[1 + pg_temp.mix(id, 1, 1) % 8] AS industry,
                           CASE WHEN pg_temp.mix(id, 1, 2) % 10 < 3
                                THEN date '2022-11-01' + pg_temp.mix(id, 1, 3) % 1450
                                ELSE date '2012-01-01' + pg_temp.mix(id, 1, 3) % 3900 END AS created_on) AS p
CROSS JOIN LATERAL (SELECT CASE province WHEN '01' THEN '{0101,0102}'::text[] WHEN '02' THEN '{0201,0202}'
                                         WHEN '03' THEN '{030101,030102,030201,030202}' ELSE '{0401,0402}' END AS leaves,
                           CASE province WHEN '01' THEN '{杭州,钱塘,西湖,余杭,滨江,萧山}'::text[]
                                         WHEN '02' THEN '{北京,京华,燕京,海淀,朝阳,京东}'
                                         WHEN '03' THEN '{广州,深圳,羊城,鹏城,珠江,岭南}'
                                         ELSE '{上海,申城,浦江,沪东,虹桥,松江}' END AS prefixes) AS q;

INSERT INTO erp.customer (customer_id, name, class_code, region, industry, created_on, employees, key_account)
SELECT customer_id, name, class_code,
       CASE left(class_code, 2) WHEN '02' THEN '华北' WHEN '03' THEN '华南' ELSE '华东' END,
       industry, created_on,
       -- headcount grows with the order size: 12 .. about 10000
       12 + base_yuan * max_lines * (1 + customer_id % 4) / 25,
       -- key accounts: large regular buyers, and every seventh customer
       base_yuan * max_lines >= 4000 OR customer_id % 7 = 0
FROM buying_plan
ORDER BY customer_id;

-- The main class of every customer, and a second leaf of the same province
-- for every customer whose number is 5 more than a multiple of 12.
INSERT INTO erp.customer_class_member (customer_id, class_code)
SELECT customer_id, class_code FROM erp.customer
UNION ALL
SELECT c.customer_id, (SELECT min(k.code) FROM erp.customer_class AS k
                       WHERE k.is_leaf AND left(k.code, 2) = left(c.class_code, 2) AND k.code <> c.class_code)
FROM erp.customer AS c
WHERE c.customer_id % 12 = 5;

INSERT INTO erp.sales_order_line (line_id, order_id, customer_id, order_date, category, item, amount)
SELECT row_number() OVER (ORDER BY order_date, customer_id, line_no),
       100000 + dense_rank() OVER (ORDER BY order_date, customer_id),
       customer_id, order_date, category,
       CASE category
           WHEN 'product' THEN (ARRAY['工业传感器', 'PLC控制器', '电缆线束', '包装材料', '备品备件', '办公耗材'])[1 + pg_temp.mix(customer_id, day_no, 20 + line_no) % 6]
           ELSE (ARRAY['安装调试', '维修保养', '技术培训', '咨询服务', '软件订阅'])[1 + pg_temp.mix(customer_id, day_no, 20 + line_no) % 5]
       END,
       -- whole cents: base * (60 .. 140)% * the customer's trend over the years
       (p.base_yuan::bigint * (60 + pg_temp.mix(customer_id, day_no, 30 + line_no) % 81)
                   * (36500 + p.trend_pct * day_no) / 36500)::numeric / 100
FROM buying_plan AS p
-- the order days: every every_days-th day of the customer's span (customers
-- apart by their number), about one in ten skipped
CROSS JOIN LATERAL (
    SELECT greatest(p.first_order, date '2022-11-01') - date '2022-11-01' AS first_no,
           least(p.last_order, date '2026-11-24') - date '2022-11-01' AS last_no
) AS span
CROSS JOIN LATERAL (
    SELECT date '2022-11-01' + day_no AS order_date, day_no
    FROM generate_series(span.first_no + (p.every_days - (span.first_no + p.customer_id * 7) % p.every_days) % p.every_days,
                         span.last_no, p.every_days) AS day_no
    WHERE pg_temp.mix(p.customer_id, day_no, 1) % 10 <> 0
) AS day
CROSS JOIN LATERAL generate_series(1, 1 + pg_temp.mix(customer_id, day_no, 0) % p.max_lines) AS line_no
CROSS JOIN LATERAL (
    SELECT CASE WHEN pg_temp.mix(customer_id, day_no, 10 + line_no) % 100 < p.product_pct
                THEN 'product' ELSE 'service' END AS category
) AS c;

-- Returns and credit notes: about one line in 150 comes back 5 to 29 days
-- later, in full (odd line ids) or half of it (even line ids), on a credit
-- note of its own.
INSERT INTO erp.sales_order_line (line_id, order_id, customer_id, order_date, category, item, amount)
SELECT last.line_id + row_number() OVER (ORDER BY l.line_id),
       last.order_id + row_number() OVER (ORDER BY l.line_id),
       l.customer_id, l.order_date + 5 + pg_temp.mix(l.line_id::int, 2, 0) % 25, l.category, '退货：' || l.item,
       CASE WHEN l.line_id % 2 = 1 THEN -l.amount ELSE -round(l.amount / 2, 2) END
FROM erp.sales_order_line AS l,
     (SELECT max(line_id) AS line_id, max(order_id) AS order_id FROM erp.sales_order_line) AS last
WHERE pg_temp.mix(l.line_id::int, 1, 0) % 150 = 0
  AND l.order_date + 5 + pg_temp.mix(l.line_id::int, 2, 0) % 25 <= date '2026-11-24';

DROP FUNCTION pg_temp.mix(int, int, int);
DROP TABLE buying_plan;
-- The keys once the rows are in: one index build and one check, not one per row.
ALTER TABLE erp.sales_order_line
    ADD CONSTRAINT sales_order_line_pkey PRIMARY KEY (line_id),
    ADD CONSTRAINT sales_order_line_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES erp.customer;

COMMIT;

ANALYZE erp.customer_class, erp.customer, erp.customer_class_member, erp.sales_order_line;

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
