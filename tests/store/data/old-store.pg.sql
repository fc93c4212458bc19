--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: activities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activities (
    id integer NOT NULL,
    session_id integer NOT NULL,
    "position" integer NOT NULL,
    key character varying(64) NOT NULL,
    kind character varying(32) NOT NULL,
    spec json NOT NULL,
    state character varying(12) NOT NULL
);


--
-- Name: activities_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.activities_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: activities_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.activities_id_seq OWNED BY public.activities.id;


--
-- Name: checkins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkins (
    participant_id integer NOT NULL,
    awareness character varying(12) NOT NULL
);


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id integer NOT NULL,
    session_id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    kind character varying(32) NOT NULL,
    detail text NOT NULL
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;


--
-- Name: manual_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.manual_counts (
    id integer NOT NULL,
    activity_id integer NOT NULL,
    option_id character varying(64) NOT NULL,
    count integer NOT NULL
);


--
-- Name: manual_counts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.manual_counts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: manual_counts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.manual_counts_id_seq OWNED BY public.manual_counts.id;


--
-- Name: moderation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.moderation (
    response_id integer NOT NULL,
    status character varying(12) NOT NULL,
    judged timestamp with time zone NOT NULL
);


--
-- Name: participants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.participants (
    id integer NOT NULL,
    session_id integer NOT NULL,
    key_hash character varying(64) NOT NULL,
    joined_at timestamp with time zone NOT NULL
);


--
-- Name: participants_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.participants_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: participants_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.participants_id_seq OWNED BY public.participants.id;


--
-- Name: question_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.question_votes (
    question_id integer NOT NULL,
    participant_id integer NOT NULL
);


--
-- Name: questions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.questions (
    id integer NOT NULL,
    session_id integer NOT NULL,
    participant_id integer NOT NULL,
    text text NOT NULL,
    status character varying(12) NOT NULL,
    answered boolean NOT NULL,
    on_screen boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: questions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.questions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: questions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.questions_id_seq OWNED BY public.questions.id;


--
-- Name: responses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.responses (
    id integer NOT NULL,
    activity_id integer NOT NULL,
    participant_id integer NOT NULL,
    value json NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: responses_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.responses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: responses_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.responses_id_seq OWNED BY public.responses.id;


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id integer NOT NULL,
    code character varying(12) NOT NULL,
    plan_id character varying(80) NOT NULL,
    title character varying(200) NOT NULL,
    status character varying(12) NOT NULL,
    current integer NOT NULL,
    state_version integer NOT NULL,
    tally_version integer NOT NULL,
    timer_ends_at double precision,
    options json NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sessions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sessions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sessions_id_seq OWNED BY public.sessions.id;


--
-- Name: activities id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities ALTER COLUMN id SET DEFAULT nextval('public.activities_id_seq'::regclass);


--
-- Name: events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);


--
-- Name: manual_counts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.manual_counts ALTER COLUMN id SET DEFAULT nextval('public.manual_counts_id_seq'::regclass);


--
-- Name: participants id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants ALTER COLUMN id SET DEFAULT nextval('public.participants_id_seq'::regclass);


--
-- Name: questions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.questions ALTER COLUMN id SET DEFAULT nextval('public.questions_id_seq'::regclass);


--
-- Name: responses id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responses ALTER COLUMN id SET DEFAULT nextval('public.responses_id_seq'::regclass);


--
-- Name: sessions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions ALTER COLUMN id SET DEFAULT nextval('public.sessions_id_seq'::regclass);


--
-- Data for Name: activities; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.activities VALUES (1, 1, 0, 'q1', 'single_choice', '{"id": "q1", "kind": "single_choice", "options": [{"id": "yes"}, {"id": "no"}]}', 'closed');
INSERT INTO public.activities VALUES (2, 1, 1, 'q2', 'short_text', '{"id": "q2", "kind": "short_text"}', 'closed');
INSERT INTO public.activities VALUES (3, 1, 2, 'q3', 'ranking', '{"id": "q3", "kind": "ranking"}', 'closed');
INSERT INTO public.activities VALUES (4, 2, 0, 'q1', 'single_choice', '{"id": "q1", "kind": "single_choice", "options": [{"id": "yes"}, {"id": "no"}]}', 'closed');
INSERT INTO public.activities VALUES (5, 2, 1, 'q2', 'short_text', '{"id": "q2", "kind": "short_text"}', 'closed');
INSERT INTO public.activities VALUES (6, 2, 2, 'q3', 'ranking', '{"id": "q3", "kind": "ranking"}', 'closed');


--
-- Data for Name: checkins; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.checkins VALUES (1, 'unsure');
INSERT INTO public.checkins VALUES (4, 'unsure');


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.events VALUES (1, 1, '2026-12-03 09:07:04.889508+00', 'created', 'demo');
INSERT INTO public.events VALUES (2, 1, '2026-12-03 09:07:04.900738+00', 'open', '1');
INSERT INTO public.events VALUES (3, 1, '2026-12-03 09:07:04.920066+00', 'closed', '1');
INSERT INTO public.events VALUES (4, 1, '2026-12-03 09:07:04.921741+00', 'open', '2');
INSERT INTO public.events VALUES (5, 1, '2026-12-03 09:07:04.929888+00', 'closed', '2');
INSERT INTO public.events VALUES (6, 1, '2026-12-03 09:07:04.931463+00', 'open', '3');
INSERT INTO public.events VALUES (7, 1, '2026-12-03 09:07:04.939416+00', 'closed', '3');
INSERT INTO public.events VALUES (8, 2, '2026-12-03 09:07:04.967674+00', 'created', 'demo');
INSERT INTO public.events VALUES (9, 2, '2026-12-03 09:07:04.973912+00', 'open', '4');
INSERT INTO public.events VALUES (10, 2, '2026-12-03 09:07:05.070945+00', 'closed', '4');
INSERT INTO public.events VALUES (11, 2, '2026-12-03 09:07:05.073203+00', 'open', '5');
INSERT INTO public.events VALUES (12, 2, '2026-12-03 09:07:05.092903+00', 'closed', '5');
INSERT INTO public.events VALUES (13, 2, '2026-12-03 09:07:05.104535+00', 'open', '6');
INSERT INTO public.events VALUES (14, 2, '2026-12-03 09:07:05.154047+00', 'closed', '6');


--
-- Data for Name: manual_counts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.manual_counts VALUES (1, 1, 'yes', 4);
INSERT INTO public.manual_counts VALUES (2, 1, 'no', 1);
INSERT INTO public.manual_counts VALUES (3, 4, 'yes', 4);
INSERT INTO public.manual_counts VALUES (4, 4, 'no', 1);


--
-- Data for Name: moderation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.moderation VALUES (5, 'approved', '2026-12-03 09:07:04.924374+00');
INSERT INTO public.moderation VALUES (14, 'approved', '2026-12-03 09:07:05.07594+00');


--
-- Data for Name: participants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.participants VALUES (1, 1, 'BCDFGH0000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.892515+00');
INSERT INTO public.participants VALUES (2, 1, 'BCDFGH1000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.895483+00');
INSERT INTO public.participants VALUES (3, 1, 'BCDFGH2000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.896989+00');
INSERT INTO public.participants VALUES (4, 2, 'JKLMNP0000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.969171+00');
INSERT INTO public.participants VALUES (5, 2, 'JKLMNP1000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.97049+00');
INSERT INTO public.participants VALUES (6, 2, 'JKLMNP2000000000000000000000000000000000000000000000000000000000', '2026-12-03 09:07:04.97163+00');


--
-- Data for Name: question_votes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.question_votes VALUES (1, 3);
INSERT INTO public.question_votes VALUES (2, 6);


--
-- Data for Name: questions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.questions VALUES (1, 1, 2, 'What happens after a referral?', 'approved', false, false, '2026-12-03 09:07:04.952221+00');
INSERT INTO public.questions VALUES (2, 2, 5, 'What happens after a referral?', 'approved', false, false, '2026-12-03 09:07:05.204539+00');


--
-- Data for Name: responses; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.responses VALUES (1, 1, 1, '7', '2026-12-03 09:07:04.901456+00', '2026-12-03 09:07:04.901456+00');
INSERT INTO public.responses VALUES (2, 1, 2, '"yes"', '2026-12-03 09:07:04.913326+00', '2026-12-03 09:07:04.913326+00');
INSERT INTO public.responses VALUES (3, 1, 3, '"yes"', '2026-12-03 09:07:04.916334+00', '2026-12-03 09:07:04.916334+00');
INSERT INTO public.responses VALUES (4, 2, 1, '7', '2026-12-03 09:07:04.922276+00', '2026-12-03 09:07:04.922276+00');
INSERT INTO public.responses VALUES (5, 2, 2, '"a worry about ''Sam'' <b>"', '2026-12-03 09:07:04.924374+00', '2026-12-03 09:07:04.924374+00');
INSERT INTO public.responses VALUES (6, 2, 3, '"a worry about ''Sam'' <b>"', '2026-12-03 09:07:04.926453+00', '2026-12-03 09:07:04.926453+00');
INSERT INTO public.responses VALUES (7, 3, 1, '7', '2026-12-03 09:07:04.931985+00', '2026-12-03 09:07:04.931985+00');
INSERT INTO public.responses VALUES (8, 3, 2, '["b", "a"]', '2026-12-03 09:07:04.934006+00', '2026-12-03 09:07:04.934006+00');
INSERT INTO public.responses VALUES (9, 3, 3, '["b", "a"]', '2026-12-03 09:07:04.936175+00', '2026-12-03 09:07:04.936175+00');
INSERT INTO public.responses VALUES (10, 4, 4, '7', '2026-12-03 09:07:04.974522+00', '2026-12-03 09:07:04.974522+00');
INSERT INTO public.responses VALUES (11, 4, 5, '"no"', '2026-12-03 09:07:05.036429+00', '2026-12-03 09:07:05.036429+00');
INSERT INTO public.responses VALUES (12, 4, 6, '"no"', '2026-12-03 09:07:05.052842+00', '2026-12-03 09:07:05.052842+00');
INSERT INTO public.responses VALUES (13, 5, 4, '7', '2026-12-03 09:07:05.0738+00', '2026-12-03 09:07:05.0738+00');
INSERT INTO public.responses VALUES (14, 5, 5, '"ok"', '2026-12-03 09:07:05.07594+00', '2026-12-03 09:07:05.07594+00');
INSERT INTO public.responses VALUES (15, 5, 6, '"ok"', '2026-12-03 09:07:05.07831+00', '2026-12-03 09:07:05.07831+00');
INSERT INTO public.responses VALUES (16, 6, 4, '7', '2026-12-03 09:07:05.115805+00', '2026-12-03 09:07:05.115805+00');
INSERT INTO public.responses VALUES (17, 6, 5, '{}', '2026-12-03 09:07:05.120061+00', '2026-12-03 09:07:05.120061+00');
INSERT INTO public.responses VALUES (18, 6, 6, '{}', '2026-12-03 09:07:05.136531+00', '2026-12-03 09:07:05.136531+00');


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sessions VALUES (1, 'BCDFGH', 'demo', 'Workshop BCDFGH', 'running', 0, 8, 23, NULL, '{"awareness_check": true}', '2026-12-03 09:07:04.885781+00');
INSERT INTO public.sessions VALUES (2, 'JKLMNP', 'demo', 'Workshop JKLMNP', 'running', 0, 8, 23, NULL, '{"awareness_check": true}', '2026-12-03 09:07:04.966354+00');


--
-- Name: activities_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.activities_id_seq', 6, true);


--
-- Name: events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.events_id_seq', 14, true);


--
-- Name: manual_counts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.manual_counts_id_seq', 4, true);


--
-- Name: participants_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.participants_id_seq', 6, true);


--
-- Name: questions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.questions_id_seq', 2, true);


--
-- Name: responses_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.responses_id_seq', 18, true);


--
-- Name: sessions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sessions_id_seq', 2, true);


--
-- Name: activities activities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_pkey PRIMARY KEY (id);


--
-- Name: activities activities_session_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_session_id_position_key UNIQUE (session_id, "position");


--
-- Name: checkins checkins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkins
    ADD CONSTRAINT checkins_pkey PRIMARY KEY (participant_id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: manual_counts manual_counts_activity_id_option_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.manual_counts
    ADD CONSTRAINT manual_counts_activity_id_option_id_key UNIQUE (activity_id, option_id);


--
-- Name: manual_counts manual_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.manual_counts
    ADD CONSTRAINT manual_counts_pkey PRIMARY KEY (id);


--
-- Name: moderation moderation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.moderation
    ADD CONSTRAINT moderation_pkey PRIMARY KEY (response_id);


--
-- Name: participants participants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_pkey PRIMARY KEY (id);


--
-- Name: participants participants_session_id_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_session_id_key_hash_key UNIQUE (session_id, key_hash);


--
-- Name: question_votes question_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.question_votes
    ADD CONSTRAINT question_votes_pkey PRIMARY KEY (question_id, participant_id);


--
-- Name: questions questions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.questions
    ADD CONSTRAINT questions_pkey PRIMARY KEY (id);


--
-- Name: responses responses_activity_id_participant_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_activity_id_participant_id_key UNIQUE (activity_id, participant_id);


--
-- Name: responses responses_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_code_key UNIQUE (code);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: ix_events_session; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_session ON public.events USING btree (session_id);


--
-- Name: ix_questions_session; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_questions_session ON public.questions USING btree (session_id);


--
-- Name: ix_responses_activity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_responses_activity ON public.responses USING btree (activity_id);


--
-- Name: activities activities_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: checkins checkins_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkins
    ADD CONSTRAINT checkins_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participants(id) ON DELETE CASCADE;


--
-- Name: events events_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: manual_counts manual_counts_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.manual_counts
    ADD CONSTRAINT manual_counts_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;


--
-- Name: moderation moderation_response_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.moderation
    ADD CONSTRAINT moderation_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.responses(id) ON DELETE CASCADE;


--
-- Name: participants participants_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: question_votes question_votes_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.question_votes
    ADD CONSTRAINT question_votes_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participants(id) ON DELETE CASCADE;


--
-- Name: question_votes question_votes_question_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.question_votes
    ADD CONSTRAINT question_votes_question_id_fkey FOREIGN KEY (question_id) REFERENCES public.questions(id) ON DELETE CASCADE;


--
-- Name: questions questions_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.questions
    ADD CONSTRAINT questions_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participants(id) ON DELETE CASCADE;


--
-- Name: questions questions_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.questions
    ADD CONSTRAINT questions_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: responses responses_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;


--
-- Name: responses responses_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participants(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


