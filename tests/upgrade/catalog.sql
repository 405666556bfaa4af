-- Every object of the installed customer_segments, described by name (never
-- by OID) with what defines its behaviour: one line per object, sorted.
-- scripts/test compares an upgraded database with a fresh install, so an
-- upgrade script that forgets or alters anything names that object.
\pset format unaligned
\pset tuples_only on
WITH members AS (
    SELECT d.classid, d.objid
    FROM pg_depend AS d JOIN pg_extension AS e ON d.refobjid = e.oid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'customer_segments'
), described AS (
    SELECT 'function ' || p.oid::regprocedure::text || ' returns ' || pg_catalog.format_type(p.prorettype, NULL)
           || CASE WHEN p.proretset THEN ' setof' ELSE '' END
           || ' kind=' || p.prokind::text || ' volatile=' || p.provolatile::text || ' strict=' || p.proisstrict
           || ' parallel=' || p.proparallel::text || ' secdef=' || p.prosecdef || ' leakproof=' || p.proleakproof
           || ' cost=' || p.procost || ' rows=' || p.prorows || ' lang=' || l.lanname
           || ' src=' || CASE WHEN l.lanname = 'c' THEN p.prosrc ELSE md5(p.prosrc) END
           || ' args=' || coalesce(pg_catalog.pg_get_function_arguments(p.oid), '')
           || ' config=' || coalesce(array_to_string(p.proconfig, ','), '')
           || ' acl=' || coalesce(p.proacl::text, '')
           || coalesce(' aggregate: trans=' || a.aggtransfn::regprocedure::text
              || ' final=' || a.aggfinalfn::text || ' finalextra=' || a.aggfinalextra || ' finalmodify=' || a.aggfinalmodify::text
              || ' combine=' || a.aggcombinefn::text || ' serial=' || a.aggserialfn::text || ' deserial=' || a.aggdeserialfn::text
              || ' mtrans=' || a.aggmtransfn::text || ' minv=' || a.aggminvtransfn::text || ' mfinal=' || a.aggmfinalfn::text
              || ' sortop=' || a.aggsortop::regoperator::text || ' stype=' || pg_catalog.format_type(a.aggtranstype, NULL)
              || ' sspace=' || a.aggtransspace || ' init=' || coalesce(a.agginitval, '<null>') || ' kind=' || a.aggkind::text
              || ' direct=' || a.aggnumdirectargs, '')
           || ' comment=' || coalesce(md5(pg_catalog.obj_description(p.oid, 'pg_proc')), '<none>') AS line
    FROM members AS m JOIN pg_proc AS p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    JOIN pg_language AS l ON l.oid = p.prolang
    LEFT JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
    UNION ALL
    SELECT 'type ' || t.oid::regtype::text || ' type=' || t.typtype::text || ' len=' || t.typlen || ' byval=' || t.typbyval
           || ' category=' || t.typcategory::text || ' preferred=' || t.typispreferred
           || ' in=' || t.typinput::text || ' out=' || t.typoutput::text || ' recv=' || t.typreceive::text
           || ' send=' || t.typsend::text || ' modin=' || t.typmodin::text || ' analyze=' || t.typanalyze::text
           || ' align=' || t.typalign::text || ' storage=' || t.typstorage::text || ' elem=' || t.typelem::regtype::text
           || ' array=' || t.typarray::regtype::text || ' subscript=' || t.typsubscript::text
           || ' comment=' || coalesce(md5(pg_catalog.obj_description(t.oid, 'pg_type')), '<none>')
    FROM members AS m JOIN pg_type AS t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
    UNION ALL
    SELECT 'operator ' || o.oid::regoperator::text || ' code=' || o.oprcode::text || ' result=' || o.oprresult::regtype::text
           || ' commutator=' || o.oprcom::regoperator::text || ' negator=' || o.oprnegate::regoperator::text
           || ' restrict=' || o.oprrest::text || ' join=' || o.oprjoin::text || ' merges=' || o.oprcanmerge || ' hashes=' || o.oprcanhash
           || ' comment=' || coalesce(md5(pg_catalog.obj_description(o.oid, 'pg_operator')), '<none>')
    FROM members AS m JOIN pg_operator AS o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
    UNION ALL
    SELECT 'operator class ' || am.amname || ' ' || n.nspname || '.' || c.opcname || ' for ' || c.opcintype::regtype::text
           || ' default=' || c.opcdefault || ' family=' || f.opfname
           || ' operators=' || coalesce((SELECT string_agg(ao.amopstrategy || ':' || ao.amopopr::regoperator::text, ',' ORDER BY ao.amopstrategy)
                                        FROM pg_amop AS ao WHERE ao.amopfamily = f.oid), '')
           || ' support=' || coalesce((SELECT string_agg(ap.amprocnum || ':' || ap.amproc::regprocedure::text, ',' ORDER BY ap.amprocnum)
                                       FROM pg_amproc AS ap WHERE ap.amprocfamily = f.oid), '')
    FROM members AS m JOIN pg_opclass AS c ON m.classid = 'pg_opclass'::regclass AND c.oid = m.objid
    JOIN pg_am AS am ON am.oid = c.opcmethod JOIN pg_opfamily AS f ON f.oid = c.opcfamily
    JOIN pg_namespace AS n ON n.oid = c.opcnamespace
    UNION ALL
    SELECT 'operator family ' || am.amname || ' ' || n.nspname || '.' || f.opfname
    FROM members AS m JOIN pg_opfamily AS f ON m.classid = 'pg_opfamily'::regclass AND f.oid = m.objid
    JOIN pg_am AS am ON am.oid = f.opfmethod JOIN pg_namespace AS n ON n.oid = f.opfnamespace
    UNION ALL
    SELECT 'cast ' || pg_catalog.format_type(c.castsource, NULL) || ' as ' || pg_catalog.format_type(c.casttarget, NULL)
           || ' function=' || c.castfunc::regprocedure::text || ' context=' || c.castcontext::text || ' method=' || c.castmethod::text
    FROM members AS m JOIN pg_cast AS c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid
    UNION ALL
    SELECT 'relation ' || c.oid::regclass::text || ' kind=' || c.relkind::text
           || ' columns=' || coalesce((SELECT string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                                              || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                                              || coalesce(' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ''), ', ' ORDER BY a.attnum)
                                       FROM pg_attribute AS a LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
           || ' constraints=' || coalesce((SELECT string_agg(co.conname || ' ' || pg_catalog.pg_get_constraintdef(co.oid), ', ' ORDER BY co.conname)
                                           FROM pg_constraint AS co WHERE co.conrelid = c.oid), '')
           || ' triggers=' || coalesce((SELECT string_agg(tg.tgname || ' ' || tg.tgfoid::regprocedure::text, ', ' ORDER BY tg.tgname)
                                        FROM pg_trigger AS tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal), '')
           || ' acl=' || coalesce(c.relacl::text, '')
           || ' comment=' || coalesce(md5(pg_catalog.obj_description(c.oid, 'pg_class')), '<none>')
    FROM members AS m JOIN pg_class AS c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    UNION ALL
    SELECT 'member ' || pg_catalog.pg_describe_object(m.classid, m.objid, 0)
    FROM members AS m
    WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass, 'pg_opclass'::regclass,
                            'pg_opfamily'::regclass, 'pg_cast'::regclass, 'pg_class'::regclass)
    UNION ALL
    SELECT 'extension config=' || coalesce((SELECT string_agg(c::regclass::text, ',' ORDER BY c::regclass::text) FROM unnest(e.extconfig) AS c), '')
           || ' schema=' || e.extnamespace::regnamespace::text || ' relocatable=' || e.extrelocatable
    FROM pg_extension AS e WHERE e.extname = 'customer_segments'
    UNION ALL
    SELECT 'schema segments acl=' || coalesce(n.nspacl::text, '') || ' comment=' || coalesce(md5(pg_catalog.obj_description(n.oid, 'pg_namespace')), '<none>')
    FROM pg_namespace AS n WHERE n.nspname = 'segments'
)
SELECT line FROM described ORDER BY line;
